import { ASSAY_ATTRIBUTES, SPAN_TYPES, decodeSpanAttributes, toSpanStatusCode, type Span, type SpanStatus, type SpanType } from '@assay/core';
import type { SpanStatus as OtelSpanStatus } from '@opentelemetry/api';
import type { RecordedSpan } from '../tracer/recorded-span.js';
import { hrTimeToNanosecondString } from '../tracer/span-clock.js';
import type { SdkReadableSpan } from './otel-sdk-span.js';

/** The prefix MLflow puts before the OpenTelemetry trace id. */
export const TRACE_ID_PREFIX = 'tr-';

/** Assay's trace id (`tr-` + 32 hex) of an OpenTelemetry trace id. */
export function toAssayTraceId(openTelemetryTraceId: string): string {
  return TRACE_ID_PREFIX + openTelemetryTraceId;
}

/** Core's span status of OpenTelemetry's (an empty message is left out). */
export function toStatus(status: OtelSpanStatus): SpanStatus {
  const code = toSpanStatusCode(status.code);
  return status.message ? { code, message: status.message } : { code };
}

function toSpanType(value: unknown): SpanType {
  return SPAN_TYPES.includes(value as SpanType) ? (value as SpanType) : 'UNKNOWN';
}

/** Core's `Span` of a finished OpenTelemetry span: `tr-` trace id, nanosecond strings, JSON attributes decoded. */
export function toAssaySpan(span: SdkReadableSpan): Span {
  const attributes = decodeSpanAttributes(span.attributes);
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
          attributes: decodeSpanAttributes(event.attributes),
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
      : recorded.events.map((event) => ({ name: event.name, timeUnixNano: event.timeUnixNano, attributes: decodeSpanAttributes(event.attributes) }));
  return span;
}

/** Core's `Span` of a finished span of Assay's tracer, its attributes decoded (for sinks that want whole spans). */
export function recordedSpanToAssaySpan(recorded: RecordedSpan): Span {
  const attributes = decodeSpanAttributes(recorded.attributes);
  return recordedSpanFields(recorded, toSpanType(attributes[ASSAY_ATTRIBUTES.spanType]), attributes);
}
