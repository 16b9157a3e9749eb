import { InvalidParameterError } from '@assay/core';
import { splitPythonWhitespace } from '../text/python-whitespace.js';
import { normalizeSquadAnswer } from './normalize-squad-answer.js';

/** How `exactMatch` compares; by default the texts must be identical. */
export interface ExactMatchOptions {
  /** Compare lower-cased texts. Default false. */
  ignoreCase?: boolean;
  /** Remove punctuation (Unicode `\p{P}` and the ASCII symbols of Python's `string.punctuation`) before comparing. Default false. */
  ignorePunctuation?: boolean;
  /** Trim both ends and treat every run of whitespace as one space. Default false. */
  ignoreWhitespace?: boolean;
  /**
   * `'squad'` applies SQuAD's `normalize_answer` (lower-case, strip ASCII
   * punctuation and the articles a/an/the, collapse whitespace) after the
   * other options; `'none'` (the default) applies nothing more.
   */
  normalize?: 'none' | 'squad';
}

const PUNCTUATION = /[\p{P}$+<=>^`|~]/gu;

/** Applies `options` to one text, as `exactMatch` does before comparing. */
export function normalizeForExactMatch(text: string, options: ExactMatchOptions = {}): string {
  let result = text;
  if (options.ignoreCase) result = result.toLowerCase();
  if (options.ignorePunctuation) result = result.replace(PUNCTUATION, '');
  if (options.ignoreWhitespace) result = splitPythonWhitespace(result).join(' ');
  if (options.normalize === 'squad') result = normalizeSquadAnswer(result);
  return result;
}

/** Checks `exactMatch` options; throws an InvalidParameterError naming the bad one. */
export function validateExactMatchOptions(options: ExactMatchOptions): void {
  if (options === null || typeof options !== 'object') throw new InvalidParameterError('exactMatch: options must be an object.');
  for (const key of ['ignoreCase', 'ignorePunctuation', 'ignoreWhitespace'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new InvalidParameterError(`exactMatch: ${key} must be true or false, got ${JSON.stringify(options[key])}.`);
    }
  }
  if (options.normalize !== undefined && options.normalize !== 'none' && options.normalize !== 'squad') {
    throw new InvalidParameterError(`exactMatch: normalize must be 'none' or 'squad', got ${JSON.stringify(options.normalize)}.`);
  }
}

/**
 * 1 when `prediction` equals `target` after the optional normalisation, else 0.
 *
 * @example
 * exactMatch('Paris', 'paris') // 0
 * exactMatch('Paris', 'paris', { ignoreCase: true }) // 1
 * exactMatch('The answer: Paris.', 'paris', { normalize: 'squad' }) // 0 ('answer paris' vs 'paris')
 */
export function exactMatch(prediction: string, target: string, options: ExactMatchOptions = {}): 0 | 1 {
  if (typeof prediction !== 'string' || typeof target !== 'string') {
    throw new InvalidParameterError(`exactMatch: the prediction and the target must be strings, got ${typeof prediction} and ${typeof target}.`);
  }
  validateExactMatchOptions(options);
  return normalizeForExactMatch(prediction, options) === normalizeForExactMatch(target, options) ? 1 : 0;
}
