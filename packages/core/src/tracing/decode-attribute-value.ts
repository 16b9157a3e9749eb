// Characters JSON text can start with: whitespace, `{`, `[`, `"`, `-`, digits, and t/f/n of true/false/null.
const JSON_START = /^[\s{["\-\d]|^(?:true|false|null)\s*$/u;

/**
 * An attribute value decoded from JSON when it is JSON text, else as it is.
 * Attribute values may arrive still JSON-encoded (MLflow's convention, from
 * Python or OTLP) or already decoded (the TypeScript SDK's `Span` objects).
 */
export function decodeAttributeValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // Plain text (e.g. 'TOOL') cannot parse: skip the throw, which is slow.
  if (!JSON_START.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
