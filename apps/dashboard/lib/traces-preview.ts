import { preview } from './format';

const JSON_ESCAPE = /\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g;
const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * A trace's request or response preview as a reader wants it. The store keeps
 * the JSON text of the inputs and outputs, cut short (so often not parseable):
 * a JSON string is shown as its text, and JSON's escapes are decoded, so a
 * `\u001b` in the preview reaches {@link preview} as the character and shows as `␛`
 * like everywhere else, not as six characters of JSON.
 */
export function readablePreview(raw: string | undefined, max = 160): string {
  if (raw === undefined) return '';
  return preview(jsonStringText(raw) ?? raw.replace(JSON_ESCAPE, (_match, escape: string) => (escape.length === 5 ? String.fromCharCode(parseInt(escape.slice(1), 16)) : JSON_ESCAPES[escape]!)), max);
}

/** The text of a whole JSON string, or undefined when the preview is something else. */
function jsonStringText(raw: string): string | undefined {
  if (!raw.startsWith('"')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
