import { SPAN_TYPES, type SpanType } from '../entities/trace.js';
import { ASSAY_ATTRIBUTES } from './attribute-keys.js';

// Assay's own keys always hold JSON text (MLflow's convention), so their
// values are decoded whatever JSON they hold; other instrumentations' string
// attributes are decoded only when they are JSON objects or arrays.
const JSON_ENCODED_KEYS: ReadonlySet<string> = new Set(Object.values(ASSAY_ATTRIBUTES));

// Every span of Assay's tracer carries its JSON-encoded type; decode the known ones without parsing.
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

/**
 * A span attribute's value as core's `Span` holds it: Assay's (MLflow's) keys
 * decoded from JSON, other keys' string values only when they are JSON
 * objects or arrays, anything else as it is. One rule for every producer:
 * Assay's tracer, an application's OpenTelemetry SDK, OTLP ingest.
 */
export function decodeSpanAttribute(key: string, value: unknown): unknown {
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

/** Every attribute decoded (see decodeSpanAttribute). */
export function decodeSpanAttributes(attributes: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  if (attributes === undefined) return decoded;
  for (const key of Object.keys(attributes)) decoded[key] = decodeSpanAttribute(key, attributes[key]);
  return decoded;
}

/**
 * True when a string attribute holds JSON text (decodeSpanAttribute decodes
 * it): what PackableSpan.isJsonText answers for attributes as set.
 */
export function holdsJsonText(key: string, value: string): boolean {
  return decodeSpanAttribute(key, value) !== value;
}
