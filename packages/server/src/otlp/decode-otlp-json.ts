import { decodeSpanAttributes, errorMessage, type SpanEvent, type SpanStatus } from '@assay/core';
import { DecodedOtlpSpan } from './decoded-otlp-span.js';
import { OtlpRequestError } from './otlp-request-error.js';
import type { OtlpSpanBatch } from './otlp-span-batch.js';

// int64 fields written as JSON numbers too long for a double (16+ digits) become
// strings before parsing, so that they keep every digit. Only a real key can
// match: inside a JSON string every `"` is escaped.
const LONG_INTEGERS = /"(startTimeUnixNano|endTimeUnixNano|timeUnixNano|intValue)"(\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/gu;
const HEX_ID = /^[0-9a-fA-F]*$/u;
const BASE64_ID = /^[A-Za-z0-9+/]+={0,2}$/u;
const DECIMAL = /^-?\d+$/u;
const MAX_VALUE_DEPTH = 32;
const STATUS_CODES: Readonly<Record<string, SpanStatus['code']>> = {
  0: 'UNSET',
  1: 'OK',
  2: 'ERROR',
  STATUS_CODE_UNSET: 'UNSET',
  STATUS_CODE_OK: 'OK',
  STATUS_CODE_ERROR: 'ERROR',
};

/** A span field that is not what OTLP's JSON mapping says; the span is rejected with this message. */
class FieldProblem extends Error {}

function malformed(message: string): OtlpRequestError {
  return new OtlpRequestError(400, `The body is not a valid OTLP ExportTraceServiceRequest (JSON): ${message}.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A list field: absent or null is empty. */
function listOf(value: unknown, field: string, problem: (message: string) => Error): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw problem(`${field} must be a list`);
  return value;
}

/**
 * An id as lowercase hex: OTLP/JSON writes ids as hex (case-insensitive);
 * protobuf's own JSON mapping, which some exporters use, writes base64 of
 * the bytes. Text that is neither is kept for the error message.
 */
function idText(value: unknown, field: string, bytes: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new FieldProblem(`${field} must be a hex string`);
  if (HEX_ID.test(value)) return value.toLowerCase();
  if (value.length === Math.ceil(bytes / 3) * 4 && BASE64_ID.test(value)) {
    const decoded = Buffer.from(value, 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  return value;
}

/** An int64 time (string or number) as decimal digits without leading zeros; '' when absent. */
function nanosecondText(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new FieldProblem(`${field} must be a whole number of nanoseconds`);
    return BigInt(value).toString();
  }
  if (typeof value !== 'string' || !DECIMAL.test(value) || value.startsWith('-')) throw new FieldProblem(`${field} must be a whole number of nanoseconds`);
  return BigInt(value).toString();
}

function setEntry(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** An AnyValue as a JSON value, as the protobuf decoder reads it (int64 beyond 2^53 as decimal text, bytes as base64, empty as null). */
function anyValue(value: unknown, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new FieldProblem(`attribute values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  if (!isRecord(value)) return null;
  if (value['stringValue'] !== undefined) {
    if (typeof value['stringValue'] !== 'string') throw new FieldProblem('stringValue must be a string');
    return value['stringValue'];
  }
  if (value['boolValue'] !== undefined) {
    if (typeof value['boolValue'] !== 'boolean') throw new FieldProblem('boolValue must be true or false');
    return value['boolValue'];
  }
  if (value['intValue'] !== undefined) {
    const int = value['intValue'];
    if (typeof int === 'number' && Number.isInteger(int)) return int;
    if (typeof int === 'string' && DECIMAL.test(int)) {
      const number = Number(int);
      return Number.isSafeInteger(number) ? number : BigInt(int).toString();
    }
    throw new FieldProblem('intValue must be an integer (a number or a decimal string)');
  }
  if (value['doubleValue'] !== undefined) {
    const double = value['doubleValue'];
    if (typeof double === 'number') return double;
    // Protobuf's JSON mapping writes NaN and the infinities as strings (and accepts numbers as strings).
    if (double === 'NaN') return Number.NaN;
    if (typeof double === 'string' && double.trim() !== '' && !Number.isNaN(Number(double))) return Number(double);
    throw new FieldProblem('doubleValue must be a number');
  }
  if (value['arrayValue'] !== undefined) {
    const array = value['arrayValue'];
    if (!isRecord(array)) throw new FieldProblem('arrayValue must be an object with values');
    return listOf(array['values'], 'arrayValue.values', (message) => new FieldProblem(message)).map((item) => anyValue(item, depth + 1));
  }
  if (value['kvlistValue'] !== undefined) {
    const list = value['kvlistValue'];
    if (!isRecord(list)) throw new FieldProblem('kvlistValue must be an object with values');
    const object: Record<string, unknown> = {};
    readKeyValues(list['values'], object, 'kvlistValue.values', depth + 1);
    return object;
  }
  if (value['bytesValue'] !== undefined) {
    if (typeof value['bytesValue'] !== 'string') throw new FieldProblem('bytesValue must be base64 text');
    return value['bytesValue'];
  }
  return null;
}

/** A list of KeyValue into `record`. */
function readKeyValues(list: unknown, record: Record<string, unknown>, field: string, depth: number): void {
  for (const entry of listOf(list, field, (message) => new FieldProblem(message))) {
    if (!isRecord(entry) || typeof entry['key'] !== 'string') throw new FieldProblem(`every entry of ${field} must be { key, value } with a string key`);
    setEntry(record, entry['key'], anyValue(entry['value'], depth));
  }
}

function readEvent(event: unknown, index: number): SpanEvent {
  if (!isRecord(event)) throw new FieldProblem(`events[${index}] must be an object`);
  const name = event['name'] ?? '';
  if (typeof name !== 'string') throw new FieldProblem(`events[${index}].name must be a string`);
  const attributes: Record<string, unknown> = {};
  readKeyValues(event['attributes'], attributes, `events[${index}].attributes`, 0);
  return { name, timeUnixNano: nanosecondText(event['timeUnixNano'], `events[${index}].timeUnixNano`) || '0', attributes: decodeSpanAttributes(attributes) };
}

function readSpan(json: unknown, span: DecodedOtlpSpan): void {
  if (!isRecord(json)) throw new FieldProblem('a span must be an object');
  span.traceIdHex = idText(json['traceId'], 'traceId', 16);
  span.spanId = idText(json['spanId'], 'spanId', 8);
  const parent = idText(json['parentSpanId'], 'parentSpanId', 8);
  span.parentSpanId = parent === '' || parent === '0000000000000000' ? undefined : parent;
  const name = json['name'] ?? '';
  if (typeof name !== 'string') throw new FieldProblem('name must be a string');
  span.name = name;
  span.startTimeUnixNano = nanosecondText(json['startTimeUnixNano'], 'startTimeUnixNano');
  const end = nanosecondText(json['endTimeUnixNano'], 'endTimeUnixNano');
  span.endTimeUnixNano = end === '' || end === '0' ? undefined : end;
  readKeyValues(json['attributes'], span.attributes, 'attributes', 0);
  span.events = listOf(json['events'], 'events', (message) => new FieldProblem(message)).map(readEvent);
  const status = json['status'];
  if (status !== undefined && status !== null) {
    if (!isRecord(status)) throw new FieldProblem('status must be an object');
    const code = STATUS_CODES[String(status['code'] ?? 0)];
    if (code === undefined) throw new FieldProblem(`status.code must be 0, 1 or 2, got ${JSON.stringify(status['code'])}`);
    span.statusCode = code;
    const message = status['message'];
    if (message !== undefined && message !== null && typeof message !== 'string') throw new FieldProblem('status.message must be a string');
    span.statusMessage = message || undefined;
  }
}

/** What a span that could not be read is called in the rejection message. */
function describeUnreadable(json: unknown): string {
  const name = isRecord(json) && typeof json['name'] === 'string' ? json['name'] : '';
  return name === '' ? 'a span' : `span '${name.length > 80 ? `${name.slice(0, 80)}…` : name}'`;
}

function resourceMetadata(resource: unknown): Record<string, string> | undefined {
  if (resource === undefined || resource === null) return undefined;
  if (!isRecord(resource)) throw malformed('resource must be an object');
  const attributes: Record<string, unknown> = {};
  try {
    readKeyValues(resource['attributes'], attributes, 'resource.attributes', 0);
  } catch (error) {
    if (error instanceof FieldProblem) throw malformed(error.message);
    throw error;
  }
  let metadata: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null) continue;
    metadata ??= {};
    setEntry(metadata, key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return metadata;
}

/**
 * Decodes an OTLP/HTTP JSON body (`ExportTraceServiceRequest` in OTLP's JSON
 * mapping: camelCase keys, hex ids, int64 as strings or numbers, enums as
 * numbers) into a batch, each span filled into one reused DecodedOtlpSpan
 * and packed at once. A span whose fields are of the wrong type is rejected
 * (partial success); a body whose structure above the spans is wrong is not
 * OTLP. Unknown fields are ignored, as the mapping requires.
 * @throws OtlpRequestError (400) for a body that is not such a message.
 */
export function decodeOtlpJson(text: string, batch: OtlpSpanBatch): void {
  let request: unknown;
  try {
    request = text.trim() === '' ? {} : JSON.parse(text.replace(LONG_INTEGERS, '"$1"$2"$3"'));
  } catch (error) {
    throw new OtlpRequestError(400, `The body is not valid JSON: ${errorMessage(error)}.`, { cause: error });
  }
  if (!isRecord(request)) throw malformed('the body must be a JSON object');
  const span = new DecodedOtlpSpan();
  for (const [resourceIndex, resourceSpans] of listOf(request['resourceSpans'], 'resourceSpans', malformed).entries()) {
    if (!isRecord(resourceSpans)) throw malformed(`resourceSpans[${resourceIndex}] must be an object`);
    const metadata = resourceMetadata(resourceSpans['resource']);
    for (const [scopeIndex, scopeSpans] of listOf(resourceSpans['scopeSpans'], `resourceSpans[${resourceIndex}].scopeSpans`, malformed).entries()) {
      if (!isRecord(scopeSpans)) throw malformed(`resourceSpans[${resourceIndex}].scopeSpans[${scopeIndex}] must be an object`);
      for (const json of listOf(scopeSpans['spans'], `resourceSpans[${resourceIndex}].scopeSpans[${scopeIndex}].spans`, malformed)) {
        span.reset(metadata);
        try {
          readSpan(json, span);
        } catch (error) {
          if (!(error instanceof FieldProblem)) throw error;
          batch.reject(`${describeUnreadable(json)}: ${error.message}`);
          continue;
        }
        batch.add(span);
      }
    }
  }
}
