/** Keys whose string values describe a call's shape, not its content; kept when content capture is off. */
const STRUCTURAL_KEYS = new Set([
  'role',
  'type',
  'model',
  'object',
  'id',
  'name',
  'call_id',
  'tool_call_id',
  'finish_reason',
  'status',
  'encoding_format',
  'tool_choice',
  'service_tier',
  'system_fingerprint',
  'reasoning_effort',
]);

/**
 * `value` with every prompt or completion text replaced by its length
 * (`"[123 chars]"`), keeping roles, types, ids, counts and numbers: what
 * `captureContent: false` records.
 */
export function redactContent(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return key !== undefined && STRUCTURAL_KEYS.has(key) ? value : `[${value.length} chars]`;
  if (Array.isArray(value)) return value.map((item) => redactContent(item));
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    const redacted: Record<string, unknown> = {};
    for (const [entryKey, entry] of Object.entries(value)) redacted[entryKey] = redactContent(entry, entryKey);
    return redacted;
  }
  return value;
}
