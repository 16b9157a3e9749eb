import { InvalidParameterError } from '@assay/core';

/**
 * A stateless copy of `pattern`: a string is compiled with the `u` flag; a
 * RegExp loses `g` and `y`, whose `lastIndex` would make repeated tests
 * depend on earlier ones.
 */
export function toStatelessRegExp(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  if (typeof pattern !== 'string') throw new InvalidParameterError(`regexMatch: pattern must be a string or a RegExp, got ${typeof pattern}.`);
  try {
    return new RegExp(pattern, 'u');
  } catch (error) {
    throw new InvalidParameterError(`regexMatch: ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * True when `pattern` matches somewhere in `text` (a search, like Python's
 * `re.search`; anchor with `^...$` for a full match). String patterns are
 * JavaScript syntax with the `u` flag.
 *
 * @example regexMatch('Order #1234 shipped', '#\\d{4}') // true
 */
export function regexMatch(text: string, pattern: string | RegExp): boolean {
  if (typeof text !== 'string') throw new InvalidParameterError(`regexMatch: text must be a string, got ${typeof text}.`);
  return toStatelessRegExp(pattern).test(text);
}
