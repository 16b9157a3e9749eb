/**
 * Serialises a JSON-compatible value with the keys of every object sorted
 * (by UTF-16 code units, as `Array.prototype.sort` does), so equal data in
 * any key order gives the same text. Numbers and strings are written as
 * `JSON.stringify` writes them (`3.0` and `3` both become `3`).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
