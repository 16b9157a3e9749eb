/**
 * True when `text` is one complete JSON value (`JSON.parse` accepts it;
 * surrounding whitespace is allowed, code fences and trailing text are not).
 *
 * @example isValidJson('{"a": 1}') // true
 * @example isValidJson("{'a': 1}") // false
 */
export function isValidJson(text: string): boolean {
  if (typeof text !== 'string') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
