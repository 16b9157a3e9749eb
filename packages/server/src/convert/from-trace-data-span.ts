import type { z } from '@hono/zod-openapi';
import { ASSAY_ATTRIBUTES, InvalidParameterError, SPAN_TYPES, type Span, type SpanStatus, type SpanType } from '@assay/core';
import type { traceDataSpanJson } from '../schemas/mlflow-traces.js';

type TraceDataSpan = z.infer<typeof traceDataSpanJson>;

const HEX_SPAN_ID = /^(?:0x)?([0-9a-fA-F]{16})$/u;

/** A span id of traces.json as 16 lowercase hex characters: MLflow 3 writes base64, MLflow 2 hex (`0x...`). */
function decodeSpanId(value: string, field: string): string {
  const hex = HEX_SPAN_ID.exec(value);
  if (hex !== null) return hex[1]!.toLowerCase();
  const bytes = /^[A-Za-z0-9+/_-]{11}=?$/u.test(value) ? Buffer.from(value, 'base64') : undefined;
  if (bytes?.length !== 8) throw new InvalidParameterError(`Invalid value '${value.slice(0, 40)}' for parameter '${field}': expected a span id (base64 of 8 bytes, or 16 hex characters).`);
  return bytes.toString('hex');
}

/** A nanosecond time as the Store's decimal text (integers beyond 2^53 arrive as text, see parseTraceDataJson). */
function nanosecondText(value: string | number): string {
  return typeof value === 'string' ? BigInt(value).toString() : BigInt(Math.trunc(value)).toString();
}

// Characters JSON text can start with (a cheaper test than a throw for plain text).
const JSON_START = /^[\s{["\-\d]|^(?:true|false|null)$/u;

/** An attribute value as MLflow's clients read it back: JSON text decoded (Python writes every value so), anything else as it is (TypeScript). */
export function decodeAttributeValue(value: unknown): unknown {
  if (typeof value !== 'string' || !JSON_START.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function toStatus(code: string | undefined, message: string | null | undefined): SpanStatus {
  const normalized = (code ?? '').replace(/^STATUS_CODE_/u, '').toUpperCase();
  const statusCode = normalized === 'OK' || normalized === 'ERROR' ? normalized : 'UNSET';
  return message !== undefined && message !== null && message !== '' ? { code: statusCode, message } : { code: statusCode };
}

/**
 * Core's Span of one span of traces.json, in MLflow 3's form (OpenTelemetry
 * span JSON, base64 ids, `""` root parent) or MLflow 2's (`context`, hex ids,
 * `parent_id`). The trace id is the caller's: MLflow's TypeScript client
 * 0.1.x writes a wrong `trace_id` into its spans.
 * @throws InvalidParameterError naming the field of a bad id or a missing start time.
 */
export function fromTraceDataSpan(json: TraceDataSpan, { traceId, index }: { traceId: string; index: number }): Span {
  const at = `spans[${index}]`;
  const rawSpanId = json.span_id ?? json.context?.span_id;
  if (rawSpanId === undefined) throw new InvalidParameterError(`Missing value for required parameter '${at}.span_id'.`);
  const rawParent = json.parent_span_id ?? json.parent_id;
  const start = json.start_time_unix_nano ?? json.start_time;
  if (start === undefined) throw new InvalidParameterError(`Missing value for required parameter '${at}.start_time_unix_nano'.`);
  const end = json.end_time_unix_nano ?? json.end_time;
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json.attributes ?? {})) attributes[key] = decodeAttributeValue(value);
  const spanType = attributes[ASSAY_ATTRIBUTES.spanType];
  const status = typeof json.status === 'string' ? toStatus(json.status, json.status_message) : toStatus(json.status?.code ?? json.status_code, json.status?.message ?? json.status_message);
  const span: Span = {
    traceId,
    spanId: decodeSpanId(rawSpanId, `${at}.span_id`),
    name: json.name,
    spanType: SPAN_TYPES.includes(spanType as SpanType) ? (spanType as SpanType) : 'UNKNOWN',
    startTimeUnixNano: nanosecondText(start),
    status,
    attributes,
    events: (json.events ?? []).map((event) => ({
      name: event.name,
      timeUnixNano: nanosecondText(event.time_unix_nano ?? event.timestamp ?? start),
      attributes: event.attributes ?? {},
    })),
  };
  if (rawParent !== undefined && rawParent !== null && rawParent !== '') span.parentSpanId = decodeSpanId(rawParent, `${at}.parent_span_id`);
  if (end !== undefined && end !== null && end !== 0 && end !== '0') span.endTimeUnixNano = nanosecondText(end);
  return span;
}
