import { describe, expect, it } from 'vitest';
import { tokenizeChar, tokensChar } from './tokenize-char.js';

describe('tokenizeChar (sacrebleu char)', () => {
  it('joins code points with spaces after right-stripping, keeping surrogate pairs whole', () => {
    expect(tokenizeChar('ab 😀 c\t')).toBe('a b   😀   c');
    expect(tokenizeChar('')).toBe('');
  });

  it('counts one token per non-whitespace code point', () => {
    expect(tokensChar('ab 😀\x1cc\ufeff')).toEqual(['a', 'b', '😀', 'c', '\ufeff']);
  });
});
