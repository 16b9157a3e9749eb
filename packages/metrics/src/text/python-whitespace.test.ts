import { describe, expect, it } from 'vitest';
import {
  isPythonWhitespace,
  normalizePythonWhitespace,
  removePythonWhitespace,
  rstripPythonWhitespace,
  splitPythonWhitespace,
  stripPythonWhitespace,
} from './python-whitespace.js';

describe('Python whitespace', () => {
  it('counts \\x1c-\\x1f and \\x85 as whitespace but not U+FEFF or U+200B (unlike JavaScript \\s)', () => {
    for (const code of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) {
      expect(isPythonWhitespace(code), code.toString(16)).toBe(true);
    }
    for (const code of [0x08, 0x0e, 0x21, 0x84, 0x180e, 0x200b, 0xfeff, 0x41]) {
      expect(isPythonWhitespace(code), code.toString(16)).toBe(false);
    }
  });

  it('splits like str.split(): no empty fields, Python separators only', () => {
    expect(splitPythonWhitespace('')).toEqual([]);
    expect(splitPythonWhitespace('  \t ')).toEqual([]);
    expect(splitPythonWhitespace('  a\t\tb   c \n')).toEqual(['a', 'b', 'c']);
    expect(splitPythonWhitespace('a\x1cb\x1dc\x1ed\x1fe\x85f')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(splitPythonWhitespace('a\ufeffb\u200bc')).toEqual(['a\ufeffb\u200bc']);
    expect(splitPythonWhitespace('a\xa0b\u2003c\u3000d')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('strips, normalises and removes like rstrip(), strip(), " ".join(split()) and "".join(split())', () => {
    expect(rstripPythonWhitespace(' a b \x85\x1c')).toBe(' a b');
    expect(rstripPythonWhitespace('a\ufeff')).toBe('a\ufeff');
    expect(stripPythonWhitespace('\u3000 a b \t')).toBe('a b');
    expect(normalizePythonWhitespace(' a \t b\x1fc ')).toBe('a b c');
    expect(removePythonWhitespace(' a \t b\x1fc\ufeff ')).toBe('abc\ufeff');
    expect(removePythonWhitespace('abc')).toBe('abc');
  });
});
