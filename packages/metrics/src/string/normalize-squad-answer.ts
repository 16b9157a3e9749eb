import { splitPythonWhitespace } from '../text/python-whitespace.js';

// Python's `string.punctuation`, which SQuAD's evaluation script strips.
const ASCII_PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
// Python 3's `\b` is Unicode-aware; JavaScript's is ASCII-only even with `u`, so the boundary is spelled out.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * SQuAD's `normalize_answer`: lower-case, remove ASCII punctuation, remove the
 * articles a/an/the, collapse whitespace (Python's `' '.join(text.split())`).
 *
 * @example normalizeSquadAnswer('The  Eiffel-Tower!') // 'eiffeltower'
 */
export function normalizeSquadAnswer(text: string): string {
  let withoutPunctuation = '';
  for (const character of text.toLowerCase()) {
    if (!ASCII_PUNCTUATION.has(character)) withoutPunctuation += character;
  }
  return splitPythonWhitespace(withoutPunctuation.replace(ARTICLES, ' ')).join(' ');
}
