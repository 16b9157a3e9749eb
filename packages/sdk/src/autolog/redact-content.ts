// Keys whose string values describe a value's shape rather than its text,
// kept when content capture is off.
const STRUCTURAL_KEYS: ReadonlySet<string> = new Set([
  'role',
  'type',
  'name',
  'id',
  'call_id',
  'tool_call_id',
  'finish_reason',
  'model',
  'object',
  'status',
  'encoding_format',
  'tool_choice',
  'service_tier',
  'system_fingerprint',
  'reasoning_effort',
]);

const MAX_DEPTH = 16;

function redact(value: unknown, key: string | undefined, depth: number): unknown {
  if (typeof value === 'string') return key !== undefined && STRUCTURAL_KEYS.has(key) ? value : `[text: ${value.length} chars]`;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (depth >= MAX_DEPTH) return '[MaxDepth]';
  if (Array.isArray(value)) return value.map((entry) => redact(entry, undefined, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [entryKey, entry] of Object.entries(value)) copy[entryKey] = redact(entry, entryKey, depth + 1);
  return copy;
}

/**
 * The shape of `value` without its text: every string becomes `[text: N chars]`
 * except structural fields (roles, types, names, ids, models, finish reasons,
 * statuses); numbers, booleans, arrays and object keys stay. What the OpenAI
 * and LangChain integrations record with `captureContent: false`.
 */
export function redactContent(value: unknown): unknown {
  return redact(value, undefined, 0);
}
