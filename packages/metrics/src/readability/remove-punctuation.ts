import { PYTHON_SPACE_CHARACTER, PYTHON_WORD_CHARACTER } from './python-regex-classes.js';

const ALL_PUNCTUATION = new RegExp(`[^${PYTHON_WORD_CHARACTER}${PYTHON_SPACE_CHARACTER}]`, 'gu');
const PUNCTUATION_BUT_APOSTROPHES = new RegExp(`[^${PYTHON_WORD_CHARACTER}${PYTHON_SPACE_CHARACTER}']`, 'gu');
const NON_CONTRACTION_APOSTROPHE = /'(?![tsd]|ve|ll|re)/g;

/**
 * textstat's `remove_punctuation`: deletes every character that is neither a
 * word character nor whitespace (Python's `[^\w\s]`); with `keepContractions`
 * it keeps apostrophes followed by t, s, d, ve, ll or re (don't, it's, we'll).
 * Hyphens are always removed ("well-balanced" becomes "wellbalanced").
 */
export function removePunctuation(text: string, keepContractions: boolean): string {
  if (!keepContractions) return text.replace(ALL_PUNCTUATION, '');
  return text.replace(NON_CONTRACTION_APOSTROPHE, '').replace(PUNCTUATION_BUT_APOSTROPHES, '');
}
