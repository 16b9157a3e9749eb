import { ASSAY_ATTRIBUTES, SPAN_TYPES, type Span, type SpanStatus, type SpanType } from '@assay/core';
import type { Attributes, SpanStatus as OtelSpanStatus } from '@opentelemetry/api';
import { STATUS_ERROR, STATUS_OK } from '../tracer/otel-constants.js';
import type { RecordedSpan } from '../tracer/recorded-span.js';
import { hrTimeToNanosecondString } from '../tracer/span-clock.js';
import type { SdkReadableSpan } from './otel-sdk-span.js';

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

// Every span carries its JSON-encoded type; decode the known ones without parsing.
const ENCODED_SPAN_TYPES: ReadonlyMap<string, SpanType> = new Map(SPAN_TYPES.map((spanType) => [JSON.stringify(spanType), spanType]));

/** True when `text` can start a JSON value: parsing plain text would throw, and a thrown error costs tens of microseconds. */
function mayBeJson(text: string): boolean {
  const first = text.charCodeAt(0);
  return (
    first === 0x7b /* { */ ||
    first === 0x5b /* [ */ ||
    first === 0x22 /* " */ ||
    first === 0x2d /* - */ ||
    (first >= 0x30 && first <= 0x39) ||
    text === 'true' ||
    text === 'false' ||
    text === 'null' ||
    first === 0x20 ||
    first === 0x09 ||
    first === 0x0a ||
    first === 0x0d
  );
}

/** An attribute value as core's `Span` holds it: Assay's keys decoded from JSON, other keys' string values only when they are JSON objects or arrays. */
export function decodeAttribute(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const looksStructured = value.startsWith('{') || value.startsWith('[');
  if (!looksStructured && !JSON_ENCODED_KEYS.has(key)) return value;
  const spanType = ENCODED_SPAN_TYPES.get(value);
  if (spanType !== undefined) return spanType;
  if (!mayBeJson(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Every attribute decoded (see decodeAttribute). */
export function decodeAttributes(attributes: Attributes | undefined): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  if (attributes === undefined) return decoded;
  for (const key of Object.keys(attributes)) decoded[key] = decodeAttribute(key, attributes[key]);
  return decoded;
}

/** Core's span status of OpenTelemetry's (an empty message is left out). */
export function toStatus(status: OtelSpanStatus): SpanStatus {
  const code = status.code === STATUS_ERROR ? 'ERROR' : status.code === STATUS_OK ? 'OK' : 'UNSET';
  return status.message ? { code, message: status.message } : { code };
}

function toSpanType(value: unknown): SpanType {
  return SPAN_TYPES.includes(value as SpanType) ? (value as SpanType) : 'UNKNOWN';
}

/** Core's `Span` of a finished OpenTelemetry span: `tr-` trace id, nanosecond strings, JSON attributes decoded. */
export function toAssaySpan(span: SdkReadableSpan): Span {
  const attributes = decodeAttributes(span.attributes);
  const parentSpanId = span.parentSpanContext?.spanId;
  const spanContext = span.spanContext();
  // Built in field order, optional fields only when present (as the snapshots show them).
  const converted: Span = { traceId: toAssayTraceId(spanContext.traceId), spanId: spanContext.spanId } as Span;
  if (parentSpanId !== undefined) converted.parentSpanId = parentSpanId;
  converted.name = span.name;
  converted.spanType = toSpanType(attributes[ASSAY_ATTRIBUTES.spanType]);
  converted.startTimeUnixNano = hrTimeToNanosecondString(span.startTime);
  if (span.ended) converted.endTimeUnixNano = hrTimeToNanosecondString(span.endTime);
  converted.status = toStatus(span.status);
  converted.attributes = attributes;
  converted.events =
    span.events.length === 0
      ? []
      : span.events.map((event) => ({
          name: event.name,
          timeUnixNano: hrTimeToNanosecondString(event.time),
          attributes: decodeAttributes(event.attributes),
        }));
  return converted;
}

/** The fields of core's `Span` a span of Assay's tracer has as they are (ids and times are already in Assay's form). */
function recordedSpanFields(recorded: RecordedSpan, spanType: SpanType, attributes: Record<string, unknown>): Span {
  const span: Span = { traceId: toAssayTraceId(recorded.traceId), spanId: recorded.spanId } as Span;
  if (recorded.parentSpanContext !== undefined) span.parentSpanId = recorded.parentSpanContext.spanId;
  span.name = recorded.name;
  span.spanType = spanType;
  span.startTimeUnixNano = recorded.startTimeUnixNano;
  const end = recorded.endTimeUnixNano;
  if (end !== undefined) span.endTimeUnixNano = end;
  span.status = toStatus(recorded.status);
  span.attributes = attributes;
  span.events =
    recorded.events.length === 0
      ? []
      : recorded.events.map((event) => ({ name: event.name, timeUnixNano: event.timeUnixNano, attributes: decodeAttributes(event.attributes) }));
  return span;
}

/** Core's `Span` of a finished span of Assay's tracer, its attributes decoded (for sinks that want whole spans). */
export function recordedSpanToAssaySpan(recorded: RecordedSpan): Span {
  const attributes = decodeAttributes(recorded.attributes);
  return recordedSpanFields(recorded, toSpanType(attributes[ASSAY_ATTRIBUTES.spanType]), attributes);
}
