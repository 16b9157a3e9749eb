import { InvalidParameterError } from '@assay/core';

/** Options of `contains`. */
export interface ContainsOptions {
  /** Compare lower-cased texts. Default false. */
  ignoreCase?: boolean;
  /** `'any'` (the default): one needle must occur; `'all'`: every needle must. */
  mode?: 'any' | 'all';
}

/** Checks `contains` options; throws an InvalidParameterError naming the bad one. */
export function validateContainsOptions(options: ContainsOptions): void {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('contains: options must be an object.');
  if (options.ignoreCase !== undefined && typeof options.ignoreCase !== 'boolean') {
    throw new InvalidParameterError(`contains: ignoreCase must be true or false, got ${JSON.stringify(options.ignoreCase)}.`);
  }
  if (options.mode !== undefined && options.mode !== 'any' && options.mode !== 'all') {
    throw new InvalidParameterError(`contains: mode must be 'any' or 'all', got ${JSON.stringify(options.mode)}.`);
  }
}

/**
 * True when `text` contains `needles` (one string, or any/all of a list; see
 * `mode`). An empty list contains nothing in `'any'` mode and everything in
 * `'all'` mode; the empty string is contained in every text.
 *
 * @example contains('The capital is Paris.', ['paris', 'lyon'], { ignoreCase: true }) // true
 */
export function contains(text: string, needles: string | readonly string[], options: ContainsOptions = {}): boolean {
  if (typeof text !== 'string') throw new InvalidParameterError(`contains: text must be a string, got ${typeof text}.`);
  const list = typeof needles === 'string' ? [needles] : needles;
  if (!Array.isArray(list) || !list.every((needle) => typeof needle === 'string')) {
    throw new InvalidParameterError('contains: needles must be a string or a list of strings.');
  }
  validateContainsOptions(options);
  const haystack = options.ignoreCase ? text.toLowerCase() : text;
  const found = (needle: string): boolean => haystack.includes(options.ignoreCase ? needle.toLowerCase() : needle);
  return options.mode === 'all' ? list.every(found) : list.some(found);
}
