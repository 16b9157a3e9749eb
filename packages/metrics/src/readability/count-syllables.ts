import { listWords } from './list-words.js';

const VOWEL_GROUP = /[aeiouy]+/g;
// Vowel pairs that are usually two syllables (pi-a-no, vi-de-o, ac-tu-al), except in -tion/-sion/-cious-like endings.
const TWO_SYLLABLE_PAIR = /(?<![ct])ia(?!ge)|eo|ua|uo|(?<![ct])io(?!n|us)|ii/g;

/**
 * An English syllable estimate for one lower-case word: vowel groups (y
 * counting as a vowel after the first letter), minus a silent final "e" and
 * silent "-es"/"-ed" endings, plus vowel pairs usually spoken as two
 * syllables; at least 1. Words without letters ("500") count 1.
 */
export function countWordSyllables(word: string): number {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length === 0) return 1;
  if (letters.length <= 3) return 1;
  const body = letters.startsWith('y') ? letters.slice(1) : letters;
  let count = body.match(VOWEL_GROUP)?.length ?? 0;
  count += body.match(TWO_SYLLABLE_PAIR)?.length ?? 0;
  const consonantBefore = (offset: number): boolean => /[^aeiouy]/.test(letters.charAt(letters.length - offset));
  if (letters.endsWith('e') && consonantBefore(2) && !(letters.endsWith('le') && consonantBefore(3))) {
    count -= 1; // make, time, (but ta-ble, lit-tle)
  } else if (letters.endsWith('es') && consonantBefore(3) && !/(?:[sxz]|ch|sh|[cg]|[^aeiouy]l)es$/.test(letters)) {
    count -= 1; // makes, times (but box-es, pla-ces, pag-es, puz-zles)
  } else if (letters.endsWith('ed') && consonantBefore(3) && !/[td]ed$/.test(letters)) {
    count -= 1; // jumped, played (but want-ed, need-ed)
  }
  return Math.max(1, count);
}

/**
 * The syllables of a text: textstat's words (lower-cased, punctuation
 * removed) each counted by {@link countWordSyllables}.
 *
 * textstat counts with the CMU pronouncing dictionary and falls back on
 * Pyphen's hyphenation dictionaries; neither is available to Assay, so this is
 * a heuristic and may differ from textstat by a syllable on some words.
 */
export function countSyllables(text: string): number {
  return listWords(text, { lowercase: true }).reduce((sum, word) => sum + countWordSyllables(word), 0);
}
