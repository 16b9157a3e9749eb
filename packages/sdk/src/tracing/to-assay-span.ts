import { ASSAY_ATTRIBUTES, SPAN_TYPES, type Span, type SpanStatus, type SpanType } from '@assay/core';
import { SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The prefix MLflow puts before the OpenTelemetry trace id. */
export const TRACE_ID_PREFIX = 'tr-';

/** Assay's trace id (`tr-` + 32 hex) of an OpenTelemetry trace id. */
export function toAssayTraceId(openTelemetryTraceId: string): string {
  return TRACE_ID_PREFIX + openTelemetryTraceId;
}

// Assay's own keys always hold JSON text (MLflow's convention), so their
// values are decoded whatever JSON they hold; other instrumentations' string
// attributes are decoded only when they are JSON objects or arrays.
const JSON_ENCODED_KEYS: ReadonlySet<string> = new Set(Object.values(ASSAY_ATTRIBUTES));

function decodeAttribute(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const looksStructured = value.startsWith('{') || value.startsWith('[');
  if (!looksStructured && !JSON_ENCODED_KEYS.has(key)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function decodeAttributes(attributes: Attributes | undefined): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) decoded[key] = decodeAttribute(key, value);
  return decoded;
}

/** Nanoseconds since the epoch as a decimal string (beyond 2^53, so no number arithmetic). */
export function hrTimeToNanosecondString([seconds, nanoseconds]: HrTime): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)).toString();
}

function toStatus(status: ReadableSpan['status']): SpanStatus {
  const code = status.code === SpanStatusCode.ERROR ? 'ERROR' : status.code === SpanStatusCode.OK ? 'OK' : 'UNSET';
  return status.message ? { code, message: status.message } : { code };
}

function toSpanType(value: unknown): SpanType {
  return SPAN_TYPES.includes(value as SpanType) ? (value as SpanType) : 'UNKNOWN';
}

/** Core's `Span` of a finished OpenTelemetry span: `tr-` trace id, nanosecond strings, JSON attributes decoded. */
export function toAssaySpan(span: ReadableSpan): Span {
  const attributes = decodeAttributes(span.attributes);
  const parentSpanId = span.parentSpanContext?.spanId;
  return {
    traceId: toAssayTraceId(span.spanContext().traceId),
    spanId: span.spanContext().spanId,
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    name: span.name,
    spanType: toSpanType(attributes[ASSAY_ATTRIBUTES.spanType]),
    startTimeUnixNano: hrTimeToNanosecondString(span.startTime),
    ...(span.ended ? { endTimeUnixNano: hrTimeToNanosecondString(span.endTime) } : {}),
    status: toStatus(span.status),
    attributes,
    events: span.events.map((event) => ({
      name: event.name,
      timeUnixNano: hrTimeToNanosecondString(event.time),
      attributes: decodeAttributes(event.attributes),
    })),
  };
}
