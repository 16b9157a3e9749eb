import type { WriteText } from '../cli-context.js';

/** Serialises values JSON cannot hold: bigints become strings, non-finite numbers become strings. */
function replaceUnserializable(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  // JSON.stringify would turn NaN and ±Infinity into null, losing them; metrics may hold them.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/**
 * Writes `value` as pretty-printed JSON followed by a newline: the only
 * thing a command prints on stdout under `--json`.
 */
export function printJson(value: unknown, write: WriteText): void {
  write(`${JSON.stringify(value, replaceUnserializable, 2)}\n`);
}
