import { splitPythonWhitespace } from '../text/python-whitespace.js';
import { removePunctuation } from './remove-punctuation.js';

/**
 * textstat's `list_words` with its defaults: punctuation removed (contraction
 * apostrophes kept), then split on whitespace. With `keepPunctuation` the text
 * is only split, so a lone "&" or "..." counts as a word (as textstat counts
 * words for characters per word).
 */
export function listWords(text: string, options: { keepPunctuation?: boolean; lowercase?: boolean } = {}): string[] {
  let result = options.keepPunctuation ? text : removePunctuation(text, true);
  if (options.lowercase) result = result.toLowerCase();
  return splitPythonWhitespace(result);
}
