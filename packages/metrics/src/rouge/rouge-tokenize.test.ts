import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rougeTokenize } from './rouge-tokenize.js';

/** The definition the single-pass scanner implements: rouge-score's lower / sub / split, in JavaScript. */
function naiveTokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((token) => token.length > 0);
}

describe('rougeTokenize', () => {
  it('lowercases and splits on everything outside a-z0-9', () => {
    expect(rougeTokenize('The cat, the HAT!')).toEqual(['the', 'cat', 'the', 'hat']);
    expect(rougeTokenize("don't U.S. 1,234.5 2017-2018")).toEqual(['don', 't', 'u', 's', '1', '234', '5', '2017', '2018']);
    expect(rougeTokenize('')).toEqual([]);
    expect(rougeTokenize(' \t\n ')).toEqual([]);
  });

  it('treats every non-ASCII character as a separator', () => {
    expect(rougeTokenize('Zürich')).toEqual(['z', 'rich']);
    expect(rougeTokenize('façade')).toEqual(['fa', 'ade']);
    expect(rougeTokenize('Café naïve')).toEqual(['caf', 'na', 've']);
    expect(rougeTokenize('Straße')).toEqual(['stra', 'e']);
    expect(rougeTokenize('ﬁne ＡＢＣ')).toEqual(['ne']);
  });

  it('finds no tokens in CJK, emoji, Cyrillic or Greek text', () => {
    expect(rougeTokenize('猫がマットの上に座った')).toEqual([]);
    expect(rougeTokenize('日本 語')).toEqual([]);
    expect(rougeTokenize('😀 👨‍👩‍👧 🇩🇪')).toEqual([]);
    expect(rougeTokenize('Привет мир Καλημέρα')).toEqual([]);
  });

  it('lowercases Turkish İ to i + U+0307 (the dot then separates) and the Kelvin sign to k', () => {
    expect(rougeTokenize('İstanbul')).toEqual(['i', 'stanbul']);
    expect(rougeTokenize('aİb')).toEqual(['ai', 'b']);
    expect(rougeTokenize('5\u212Am \u212Aelvin')).toEqual(['5km', 'kelvin']);
    // The Ångström sign lowercases to å, which is not ASCII.
    expect(rougeTokenize('\u212Bngstrom')).toEqual(['ngstrom']);
  });

  it('stems tokens longer than 3 characters when asked', () => {
    expect(rougeTokenize('The runners were running dying skies', { useStemmer: true })).toEqual([
      'the',
      'runner',
      'were',
      'run',
      'die',
      'sky',
    ]);
    // 'ies' is 3 characters, so it is not stemmed; 'ties' is.
    expect(rougeTokenize('ies ties', { useStemmer: true })).toEqual(['ies', 'tie']);
    expect(rougeTokenize('Generously happily', { useStemmer: true })).toEqual(['gener', 'happili']);
  });

  it('agrees with the lower/sub/split definition on random text', () => {
    const alphabet = fc.constantFrom(
      ...'aZ09 .,-\n\r\t'.split(''),
      'İ',
      '\u212A',
      '\u212B',
      'ß',
      'é',
      'Σ',
      'ς',
      '日',
      '😀',
      '\u0307',
      '\u2028',
      'ﬁ',
      'ǅ',
      'ı',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(alphabet, fc.string({ maxLength: 3 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(rougeTokenize(text)).toEqual(naiveTokenize(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('relies on only two non-ASCII code points lowercasing to ASCII letters (as in Python)', () => {
    const found: number[] = [];
    for (let codePoint = 0x80; codePoint < 0x110000; codePoint += 1) {
      if (codePoint >= 0xd800 && codePoint < 0xe000) continue;
      if (/[a-z0-9]/.test(String.fromCodePoint(codePoint).toLowerCase())) found.push(codePoint);
    }
    expect(found).toEqual([0x130, 0x212a]);
  });
});
