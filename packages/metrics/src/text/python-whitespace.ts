/**
 * Python's `str.split()` / `str.strip()` whitespace, which reference metric
 * implementations (sacrebleu, rouge-score) rely on. It differs from JavaScript's
 * `\s`: Python counts U+001C-U+001F and U+0085 as whitespace, and not U+FEFF.
 */

/**
 * The characters Python 3's `str.isspace()` accepts (and `str.split()` with no
 * argument splits on). All of them are in the Basic Multilingual Plane.
 */
export const PYTHON_WHITESPACE_CHARACTERS =
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

// A dense table for the Latin-1 range keeps the common case to one array read.
const LATIN1_WHITESPACE = new Uint8Array(256);
for (const character of PYTHON_WHITESPACE_CHARACTERS) {
  const code = character.charCodeAt(0);
  if (code < 256) LATIN1_WHITESPACE[code] = 1;
}

/** True when the UTF-16 code unit `code` is whitespace for Python's `str.isspace()`. */
export function isPythonWhitespace(code: number): boolean {
  if (code < 256) return LATIN1_WHITESPACE[code] === 1;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python's `text.split()` (no argument): runs of whitespace separate fields; no empty fields. */
export function splitPythonWhitespace(text: string): string[] {
  const fields: string[] = [];
  const length = text.length;
  let start = -1;
  for (let index = 0; index < length; index += 1) {
    if (isPythonWhitespace(text.charCodeAt(index))) {
      if (start !== -1) {
        fields.push(text.slice(start, index));
        start = -1;
      }
    } else if (start === -1) {
      start = index;
    }
  }
  if (start !== -1) fields.push(text.slice(start));
  return fields;
}

/** Python's `text.rstrip()` (no argument). */
export function rstripPythonWhitespace(text: string): string {
  let end = text.length;
  while (end > 0 && isPythonWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** Python's `text.strip()` (no argument). */
export function stripPythonWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isPythonWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's `' '.join(text.split())`: whitespace runs become one space, ends trimmed. */
export function normalizePythonWhitespace(text: string): string {
  return splitPythonWhitespace(text).join(' ');
}

/** Python's `''.join(text.split())`: every whitespace character removed. */
export function removePythonWhitespace(text: string): string {
  let result = '';
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (isPythonWhitespace(text.charCodeAt(index))) {
      if (index > start) result += text.slice(start, index);
      start = index + 1;
    }
  }
  return start === 0 ? text : result + text.slice(start);
}
