import { SPAN_TYPES, type Span } from '../entities/trace.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { LogSpansInput } from '../store/trace-store.js';
import type { LogSpansOperation } from '../store/write-operation.js';
import type { SpanEncoding } from '../tracing/span-encoding.js';
import { validatePackedSpanRows } from './validate-packed-span-rows.js';

const TRACE_ID = /^tr-[0-9a-f]{32}$/u;
const SPAN_ID = /^[0-9a-f]{16}$/u;
const NANOSECONDS = /^\d{1,19}$/u;
// The largest BIGINT as text: 19-digit strings compare with it as text.
const MAX_INT64_TEXT = '9223372036854775807';
const STATUS_CODES: readonly string[] = ['UNSET', 'OK', 'ERROR'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  return value === undefined ? 'nothing' : typeof value;
}

function checkNanoseconds(value: unknown, field: string): void {
  // Only 19 digits can exceed the int64 range, and equal-length digit strings order as text.
  if (typeof value !== 'string' || !NANOSECONDS.test(value) || (value.length === 19 && value > MAX_INT64_TEXT)) {
    throw new InvalidParameterError(`${field} must be nanoseconds since the epoch as a decimal digit string, got ${describeValue(value)}.`);
  }
}

/** Checks one span's shape; messages name the field, e.g. `spans[2].spanId`. */
function validateSpan(span: Span, index: number, validTraceId: string | undefined): void {
  const at = `spans[${index}]`;
  if (!isPlainObject(span)) throw new InvalidParameterError(`${at} must be a span object.`);
  // Spans of a trace arrive together: the previous span's valid trace id needs no second look.
  if (span.traceId !== validTraceId && (typeof span.traceId !== 'string' || !TRACE_ID.test(span.traceId))) {
    throw new InvalidParameterError(`${at}.traceId must be 'tr-' followed by 32 lowercase hex characters, got ${describeValue(span.traceId)}.`);
  }
  if (typeof span.spanId !== 'string' || !SPAN_ID.test(span.spanId)) {
    throw new InvalidParameterError(`${at}.spanId must be 16 lowercase hex characters, got ${describeValue(span.spanId)}.`);
  }
  if (span.parentSpanId !== undefined && (typeof span.parentSpanId !== 'string' || !SPAN_ID.test(span.parentSpanId))) {
    throw new InvalidParameterError(`${at}.parentSpanId must be 16 lowercase hex characters or absent, got ${describeValue(span.parentSpanId)}.`);
  }
  if (typeof span.name !== 'string') throw new InvalidParameterError(`${at}.name must be a string, got ${describeValue(span.name)}.`);
  if (!SPAN_TYPES.includes(span.spanType)) {
    throw new InvalidParameterError(`${at}.spanType must be one of ${SPAN_TYPES.join(', ')}, got ${describeValue(span.spanType)}.`);
  }
  checkNanoseconds(span.startTimeUnixNano, `${at}.startTimeUnixNano`);
  if (span.endTimeUnixNano !== undefined) checkNanoseconds(span.endTimeUnixNano, `${at}.endTimeUnixNano`);
  if (!isPlainObject(span.status) || !STATUS_CODES.includes(span.status.code)) {
    throw new InvalidParameterError(`${at}.status.code must be one of ${STATUS_CODES.join(', ')}.`);
  }
  if (span.status.message !== undefined && typeof span.status.message !== 'string') {
    throw new InvalidParameterError(`${at}.status.message must be a string or absent.`);
  }
  if (!isPlainObject(span.attributes)) throw new InvalidParameterError(`${at}.attributes must be an object.`);
  if (!Array.isArray(span.events)) throw new InvalidParameterError(`${at}.events must be a list.`);
  span.events.forEach((event, eventIndex) => {
    const eventAt = `${at}.events[${eventIndex}]`;
    if (!isPlainObject(event) || typeof event.name !== 'string') throw new InvalidParameterError(`${eventAt}.name must be a string.`);
    checkNanoseconds(event.timeUnixNano, `${eventAt}.timeUnixNano`);
    if (!isPlainObject(event.attributes)) throw new InvalidParameterError(`${eventAt}.attributes must be an object.`);
  });
}

/** Checks one entry of `encodings`: absent, or the span's attribute values with the keys holding JSON text (which is trusted). */
function validateSpanEncoding(encoding: SpanEncoding | undefined | null, index: number): void {
  if (encoding === undefined || encoding === null) return;
  const at = `encodings[${index}]`;
  if (!isPlainObject(encoding) || !isPlainObject(encoding.attributes)) throw new InvalidParameterError(`${at}.attributes must be an object.`);
  if (!Array.isArray(encoding.jsonKeys)) throw new InvalidParameterError(`${at}.jsonKeys must be a list of attribute keys.`);
  for (const key of encoding.jsonKeys) {
    if (typeof encoding.attributes[key] !== 'string') throw new InvalidParameterError(`${at}.jsonKeys names '${String(key)}', which must hold JSON text.`);
  }
}

/**
 * Validates a logSpans input: the experiment id, every span's ids, type,
 * times, status, attributes and events, the optional encodings (one per
 * span), and the packed rows, row by row (see validatePackedSpanRows). The
 * spans and rows are passed on as they are, not copied.
 * @throws InvalidParameterError naming the first bad field, e.g. `spans[2].spanId` or `packed.rows[2].spanId`.
 */
export function validateLogSpans(input: LogSpansInput): LogSpansOperation {
  if (typeof input?.experimentId !== 'string' || input.experimentId === '') {
    throw new InvalidParameterError(`experimentId must be a non-empty string, got ${describeValue(input?.experimentId)}.`);
  }
  const { experimentId, packed, otherExperimentTraces } = input;
  if (otherExperimentTraces !== undefined && otherExperimentTraces !== 'append' && otherExperimentTraces !== 'reject') {
    throw new InvalidParameterError(`otherExperimentTraces must be 'append' or 'reject', got ${describeValue(otherExperimentTraces)}.`);
  }
  const reject = otherExperimentTraces === 'reject' ? ({ otherExperimentTraces } as const) : {};
  if (packed !== undefined && packed !== null) validatePackedSpanRows(packed);
  const hasPacked = packed !== undefined && packed !== null;
  if (input.spans === undefined && hasPacked) return { op: 'logSpans', experimentId, spans: [], packed, ...reject };
  if (!Array.isArray(input.spans)) throw new InvalidParameterError('spans must be a list of spans.');
  let validTraceId: string | undefined;
  input.spans.forEach((span, index) => {
    validateSpan(span, index, validTraceId);
    validTraceId = span.traceId;
  });
  const encodings = input.encodings;
  const operation: LogSpansOperation = { op: 'logSpans', experimentId, spans: input.spans, ...reject };
  if (encodings !== undefined && encodings !== null) {
    if (!Array.isArray(encodings) || encodings.length !== input.spans.length) {
      throw new InvalidParameterError(`encodings must be a list as long as spans (${input.spans.length}), one entry per span, or left out.`);
    }
    encodings.forEach(validateSpanEncoding);
    operation.encodings = encodings;
  }
  if (hasPacked) operation.packed = packed;
  return operation;
}
