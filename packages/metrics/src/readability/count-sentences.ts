import { listWords } from './list-words.js';
import { PYTHON_WORD_CHARACTER } from './python-regex-classes.js';

// Python's `\b[^.!?]+[.!?]*` under re.UNICODE. JavaScript's `\b` is ASCII-only even with the
// `u` flag (a sentence starting with "É" would merge into the previous one), so the boundary is
// spelled out with lookarounds.
const WORD = `[${PYTHON_WORD_CHARACTER}]`;
const SENTENCE = new RegExp(`(?:(?<!${WORD})(?=${WORD})|(?<=${WORD})(?!${WORD}))[^.!?]+[.!?]*`, 'gu');

/**
 * textstat's `count_sentences`: pieces of text ending in `.`, `!` or `?`
 * (runs of them end one sentence), not counting pieces of two words or fewer
 * ("Mr." or "e.g." fragments); at least 1 for a non-empty text, 0 for ''.
 */
export function countSentences(text: string): number {
  if (text.length === 0) return 0;
  let sentences = 0;
  for (const [sentence] of text.matchAll(SENTENCE)) {
    if (listWords(sentence).length > 2) sentences += 1;
  }
  return Math.max(1, sentences);
}
