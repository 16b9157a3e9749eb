import { InvalidParameterError } from '@assay/core';
import { countSentences } from './count-sentences.js';
import { countSyllables } from './count-syllables.js';
import { listWords } from './list-words.js';

/**
 * The Flesch-Kincaid grade level with textstat's (≥ 0.7.6) counting, as
 * MLflow's `flesch_kincaid_grade_level` computes it, unrounded:
 * `0.39 · words/sentences + 11.8 · syllables/words − 15.59`, 0 when either
 * ratio is 0 (e.g. an empty text). Words and sentences are counted exactly as
 * textstat counts them; syllables by a heuristic (see {@link countSyllables}),
 * because textstat's CMU dictionary and Pyphen hyphenation dictionaries are
 * not available here, so the grade may differ slightly from textstat's
 * (11.8/words per syllable of difference).
 *
 * @example fleschKincaidGrade('The cat sat on the mat.') // 0.39·6 + 11.8·1 − 15.59 = −1.45
 */
export function fleschKincaidGrade(text: string): number {
  if (typeof text !== 'string') throw new InvalidParameterError(`fleschKincaidGrade: text must be a string, got ${typeof text}.`);
  const words = listWords(text).length;
  const sentences = countSentences(text);
  const wordsPerSentence = sentences === 0 ? 0 : words / sentences;
  const syllablesPerWord = words === 0 ? 0 : countSyllables(text) / words;
  if (wordsPerSentence === 0 || syllablesPerWord === 0) return 0;
  return 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59;
}
