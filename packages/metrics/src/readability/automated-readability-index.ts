import { InvalidParameterError } from '@assay/core';
import { removePythonWhitespace } from '../text/python-whitespace.js';
import { countSentences } from './count-sentences.js';
import { listWords } from './list-words.js';

function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length += 1;
  return length;
}

/**
 * The Automated Readability Index exactly as textstat (≥ 0.7.6, which MLflow's
 * `ari_grade_level` calls) computes it, unrounded:
 * `4.71 · characters/words + 0.5 · words/sentences − 21.43`, where
 * - characters: every non-whitespace character (punctuation included), in code points;
 * - characters/words divides by the whitespace-separated tokens (punctuation-only ones included);
 * - words/sentences uses the words left after removing punctuation, and
 *   textstat's sentence count (`.`/`!`/`?`-terminated pieces of more than two words, at least 1);
 * - 0 when either ratio is 0 (e.g. an empty text).
 *
 * @example automatedReadabilityIndex('Cool dogs wear da sunglasses.') // 4.71·25/5 + 0.5·5/1 − 21.43 = 4.62
 */
export function automatedReadabilityIndex(text: string): number {
  if (typeof text !== 'string') throw new InvalidParameterError(`automatedReadabilityIndex: text must be a string, got ${typeof text}.`);
  const tokens = listWords(text, { keepPunctuation: true }).length;
  const charactersPerWord = tokens === 0 ? 0 : codePointLength(removePythonWhitespace(text)) / tokens;
  const sentences = countSentences(text);
  const wordsPerSentence = sentences === 0 ? 0 : listWords(text).length / sentences;
  if (charactersPerWord === 0 || wordsPerSentence === 0) return 0;
  return 4.71 * charactersPerWord + 0.5 * wordsPerSentence - 21.43;
}
