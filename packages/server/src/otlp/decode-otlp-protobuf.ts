import protobuf from 'protobufjs/minimal.js';
import { decodeSpanAttributes, errorMessage, toSpanStatusCode, type SpanEvent } from '@assay/core';
import { DecodedOtlpSpan } from './decoded-otlp-span.js';
import { OtlpRequestError } from './otlp-request-error.js';
import type { OtlpSpanBatch } from './otlp-span-batch.js';

type Reader = protobuf.Reader;

// Tags ((field number << 3) | wire type) of the fields read, from OTLP's .proto files
// (opentelemetry-proto: collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
// common/v1/common.proto, resource/v1/resource.proto). Other fields are skipped,
// as protobuf readers skip unknown fields; so is a known field of the wrong wire type.
const TAG = {
  /** ExportTraceServiceRequest.resource_spans (1, bytes). */
  requestResourceSpans: 0x0a,
  /** ResourceSpans.resource (1, bytes). */
  resource: 0x0a,
  /** ResourceSpans.scope_spans (2, bytes). */
  scopeSpans: 0x12,
  /** Resource.attributes (1, bytes). */
  resourceAttributes: 0x0a,
  /** ScopeSpans.spans (2, bytes). */
  spans: 0x12,
  /** Span.trace_id (1, bytes). */
  traceId: 0x0a,
  /** Span.span_id (2, bytes). */
  spanId: 0x12,
  /** Span.parent_span_id (4, bytes). */
  parentSpanId: 0x22,
  /** Span.name (5, string). */
  name: 0x2a,
  /** Span.start_time_unix_nano (7, fixed64). */
  startTime: 0x39,
  /** Span.end_time_unix_nano (8, fixed64). */
  endTime: 0x41,
  /** Span.attributes (9, bytes). */
  attributes: 0x4a,
  /** Span.events (11, bytes). */
  events: 0x5a,
  /** Span.status (15, bytes). */
  status: 0x7a,
  /** Span.Event.time_unix_nano (1, fixed64). */
  eventTime: 0x09,
  /** Span.Event.name (2, string). */
  eventName: 0x12,
  /** Span.Event.attributes (3, bytes). */
  eventAttributes: 0x1a,
  /** Status.message (2, string). */
  statusMessage: 0x12,
  /** Status.code (3, varint). */
  statusCode: 0x18,
  /** KeyValue.key (1, string); KeyValueList.values and ArrayValue.values (1, bytes). */
  key: 0x0a,
  listValues: 0x0a,
  /** KeyValue.value (2, bytes). */
  value: 0x12,
  /** AnyValue: string_value (1), bool_value (2), int_value (3), double_value (4, fixed64), array_value (5), kvlist_value (6), bytes_value (7). */
  stringValue: 0x0a,
  boolValue: 0x10,
  intValue: 0x18,
  doubleValue: 0x21,
  arrayValue: 0x2a,
  kvlistValue: 0x32,
  bytesValue: 0x3a,
} as const;

// Attribute values nest (lists of lists ...): deeper than this is refused rather than recursed into.
const MAX_VALUE_DEPTH = 32;
// Ids longer than this are not spelled out in full (they are invalid anyway).
const MAX_ID_BYTES = 32;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function malformed(message: string): OtlpRequestError {
  return new OtlpRequestError(400, `The body is not a valid OTLP ExportTraceServiceRequest (protobuf): ${message}.`);
}

/** Where the length-delimited field starting here ends. */
function fieldEnd(reader: Reader): number {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) throw malformed(`a field of ${length} bytes at offset ${reader.pos} runs past the end of the body`);
  return end;
}

/** Checks that a message's fields ended exactly where it does. */
function checkEnd(reader: Reader, end: number): void {
  if (reader.pos !== end) throw malformed(`a field runs past the end of its message at offset ${end}`);
}

/** A bytes field as lowercase hex. */
function readHex(reader: Reader): string {
  const end = fieldEnd(reader);
  const { buf } = reader;
  const stop = Math.min(end, reader.pos + MAX_ID_BYTES);
  let hex = '';
  for (let index = reader.pos; index < stop; index += 1) hex += HEX[buf[index]!]!;
  if (stop < end) hex += `… (${end - reader.pos} bytes)`;
  reader.pos = end;
  return hex;
}

/** A fixed64 as decimal digits (nanoseconds since the epoch exceed 2^53). */
function readNanoseconds(reader: Reader): string {
  const low = reader.fixed32();
  const high = reader.fixed32();
  if (high === 0) return String(low);
  if (high < 0x20_0000) return String(high * 0x1_0000_0000 + low);
  return ((BigInt(high) << 32n) + BigInt(low)).toString();
}

/** An int64 as a number when it is one exactly, else as its decimal text. */
function int64Value(value: number | protobuf.Long): number | string {
  if (typeof value === 'number') return value;
  const exact = BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
  const number = Number(exact);
  return Number.isSafeInteger(number) ? number : exact.toString();
}

/** Sets `record[key]`, also for a key named `__proto__` (an own property, not the object's prototype). */
function setEntry(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** An AnyValue as a JSON value: string, boolean, number (int64 beyond 2^53 as decimal text), list, object, bytes as base64; null when empty. */
function readAnyValue(reader: Reader, end: number, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) throw malformed(`attribute values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  let value: unknown = null;
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag) {
      case TAG.stringValue:
        value = reader.string();
        break;
      case TAG.boolValue:
        value = reader.bool();
        break;
      case TAG.intValue:
        value = int64Value(reader.int64());
        break;
      case TAG.doubleValue:
        value = reader.double();
        break;
      case TAG.arrayValue: {
        const listEnd = fieldEnd(reader);
        const items: unknown[] = [];
        while (reader.pos < listEnd) {
          const itemTag = reader.uint32();
          if (itemTag === TAG.listValues) items.push(readAnyValue(reader, fieldEnd(reader), depth + 1));
          else reader.skipType(itemTag & 7);
        }
        checkEnd(reader, listEnd);
        value = items;
        break;
      }
      case TAG.kvlistValue: {
        const listEnd = fieldEnd(reader);
        const object: Record<string, unknown> = {};
        while (reader.pos < listEnd) {
          const itemTag = reader.uint32();
          if (itemTag === TAG.listValues) readKeyValue(reader, fieldEnd(reader), object, depth + 1);
          else reader.skipType(itemTag & 7);
        }
        checkEnd(reader, listEnd);
        value = object;
        break;
      }
      case TAG.bytesValue: {
        const bytesEnd = fieldEnd(reader);
        value = protobuf.util.base64.encode(reader.buf, reader.pos, bytesEnd);
        reader.pos = bytesEnd;
        break;
      }
      default:
        reader.skipType(tag & 7);
    }
  }
  checkEnd(reader, end);
  return value;
}

/** A KeyValue into `record`. */
function readKeyValue(reader: Reader, end: number, record: Record<string, unknown>, depth: number): void {
  let key = '';
  let value: unknown = null;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === TAG.key) key = reader.string();
    else if (tag === TAG.value) value = readAnyValue(reader, fieldEnd(reader), depth);
    else reader.skipType(tag & 7);
  }
  checkEnd(reader, end);
  setEntry(record, key, value);
}

/** A Resource's attributes as trace metadata: strings as they are, other values as JSON; undefined when it has none. */
function readResource(reader: Reader, end: number): Record<string, string> | undefined {
  const attributes: Record<string, unknown> = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === TAG.resourceAttributes) readKeyValue(reader, fieldEnd(reader), attributes, 0);
    else reader.skipType(tag & 7);
  }
  checkEnd(reader, end);
  let metadata: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null) continue;
    metadata ??= {};
    setEntry(metadata, key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return metadata;
}

function readEvent(reader: Reader, end: number): SpanEvent {
  let timeUnixNano = '0';
  let name = '';
  const attributes: Record<string, unknown> = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === TAG.eventTime) timeUnixNano = readNanoseconds(reader);
    else if (tag === TAG.eventName) name = reader.string();
    else if (tag === TAG.eventAttributes) readKeyValue(reader, fieldEnd(reader), attributes, 0);
    else reader.skipType(tag & 7);
  }
  checkEnd(reader, end);
  return { name, timeUnixNano, attributes: decodeSpanAttributes(attributes) };
}

function readStatus(reader: Reader, end: number, span: DecodedOtlpSpan): void {
  let code = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === TAG.statusCode) code = reader.int32();
    else if (tag === TAG.statusMessage) span.statusMessage = reader.string() || undefined;
    else reader.skipType(tag & 7);
  }
  checkEnd(reader, end);
  span.statusCode = toSpanStatusCode(code);
}

function readSpan(reader: Reader, end: number, span: DecodedOtlpSpan): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    switch (tag) {
      case TAG.traceId:
        span.traceIdHex = readHex(reader);
        break;
      case TAG.spanId:
        span.spanId = readHex(reader);
        break;
      case TAG.parentSpanId: {
        const parent = readHex(reader);
        // Empty (or all zero, as some exporters send) for a root span.
        span.parentSpanId = parent === '' || parent === '0000000000000000' ? undefined : parent;
        break;
      }
      case TAG.name:
        span.name = reader.string();
        break;
      case TAG.startTime:
        span.startTimeUnixNano = readNanoseconds(reader);
        break;
      case TAG.endTime: {
        const endTime = readNanoseconds(reader);
        span.endTimeUnixNano = endTime === '0' ? undefined : endTime;
        break;
      }
      case TAG.attributes:
        readKeyValue(reader, fieldEnd(reader), span.attributes, 0);
        break;
      case TAG.events:
        span.events.push(readEvent(reader, fieldEnd(reader)));
        break;
      case TAG.status:
        readStatus(reader, fieldEnd(reader), span);
        break;
      default:
        reader.skipType(tag & 7);
    }
  }
  checkEnd(reader, end);
}

function readScopeSpans(reader: Reader, end: number, metadata: Record<string, string> | undefined, span: DecodedOtlpSpan, batch: OtlpSpanBatch): void {
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === TAG.spans) {
      span.reset(metadata);
      readSpan(reader, fieldEnd(reader), span);
      batch.add(span);
    } else {
      reader.skipType(tag & 7);
    }
  }
  checkEnd(reader, end);
}

function readResourceSpans(reader: Reader, end: number, span: DecodedOtlpSpan, batch: OtlpSpanBatch): void {
  // The resource may follow its spans on the wire: find it first, then read the spans.
  let metadata: Record<string, string> | undefined;
  const scopeRanges: number[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === TAG.resource) {
      metadata = readResource(reader, fieldEnd(reader));
    } else if (tag === TAG.scopeSpans) {
      const scopeEnd = fieldEnd(reader);
      scopeRanges.push(reader.pos, scopeEnd);
      reader.pos = scopeEnd;
    } else {
      reader.skipType(tag & 7);
    }
  }
  checkEnd(reader, end);
  for (let index = 0; index < scopeRanges.length; index += 2) {
    reader.pos = scopeRanges[index]!;
    readScopeSpans(reader, scopeRanges[index + 1]!, metadata, span, batch);
  }
  reader.pos = end;
}

/**
 * Decodes an OTLP/HTTP protobuf body (`ExportTraceServiceRequest`) straight
 * into a batch: the wire format is walked once with protobufjs's Reader and
 * each span is filled into one reused DecodedOtlpSpan and packed at once, so
 * no message objects and no `Span` objects are built. Ids become hex, fixed64
 * times decimal text, attribute values JSON values; the resource's attributes
 * go with each span as trace metadata.
 * @throws OtlpRequestError (400) for a body that is not such a message.
 */
export function decodeOtlpProtobuf(body: Uint8Array, batch: OtlpSpanBatch): void {
  const reader = protobuf.Reader.create(body);
  const span = new DecodedOtlpSpan();
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag === TAG.requestResourceSpans) readResourceSpans(reader, fieldEnd(reader), span, batch);
      else reader.skipType(tag & 7);
    }
  } catch (error) {
    if (error instanceof OtlpRequestError) throw error;
    // protobufjs's own errors: a truncated varint or field, an invalid wire type.
    throw new OtlpRequestError(400, `The body is not a valid OTLP ExportTraceServiceRequest (protobuf): ${errorMessage(error)}.`, { cause: error });
  }
}
