import { PYTHON_WHITESPACE_CHARACTERS } from '../text/python-whitespace.js';

/**
 * Python 3's `\w` for str patterns: characters for which `str.isalnum()` holds
 * (letters and numbers; not combining marks) and `_`. For a `u`-flag class.
 */
export const PYTHON_WORD_CHARACTER = String.raw`\p{L}\p{N}_`;

/** Python 3's `\s` for str patterns (the characters of `str.isspace()`), escaped for a character class. */
export const PYTHON_SPACE_CHARACTER = [...PYTHON_WHITESPACE_CHARACTERS]
  .map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .join('');
