import { describe, expect, it } from 'vitest';
import { rstripPythonWhitespace, splitPythonWhitespace } from '../text/python-whitespace.js';
import { tokenize13a } from './tokenize-13a.js';

describe('tokenize13a (sacrebleu 13a)', () => {
  it.each([
    ['', ''],
    ['   \t  ', ''],
    ['The cat sat on the mat.', 'The cat sat on the mat .'],
    // `.` and `,` stay attached only between two digits.
    ['The price rose to 1,234.56 dollars, up 3.5% from 1,000.', 'The price rose to 1,234.56 dollars , up 3.5 % from 1,000 .'],
    ['a.b,c x. y ,z 3.x x.3 ,3 3, end.', 'a . b , c x . y , z 3 . x x . 3 , 3 3 , end .'],
    ['x.. y', 'x . . y'],
    // A dash is split off only after a digit.
    ['Between 2017-2018 the 10-year plan and pre-2000 era, -5 and 5-', 'Between 2017 - 2018 the 10 - year plan and pre-2000 era , -5 and 5 -'],
    ['A well-known state-of-the-art e-mail', 'A well-known state-of-the-art e-mail'],
    // HTML entities: &quot; &amp; &lt; &gt; in that order, &apos; is not unescaped.
    ['&quot;Quoted&quot; &amp; &lt;tag&gt; &apos;x&apos; &amp;lt;', '" Quoted " & < tag > & apos ; x & apos ; <'],
    ['This <skipped> sentence', 'This sentence'],
    // `-\n` joins hyphenated line breaks, other newlines become spaces.
    ['The multi-\nline word and state-\nof-the-art', 'The multiline word and stateof-the-art'],
    // ASCII punctuation only: Unicode punctuation stays attached; apostrophes stay in words.
    ['He said “stop” isn’t it 。', 'He said “stop” isn’t it 。'],
    ["Don't stop: it's John's book", "Don't stop : it's John's book"],
    ['He said "stop" (twice) [loudly] {really} <b>bold</b>', 'He said " stop " ( twice ) [ loudly ] { really } < b > bold < / b >'],
    ['€5, $2.50 ©2024 10±2', '€5 , $ 2.50 ©2024 10±2'],
    ['我喜欢吃苹果。', '我喜欢吃苹果。'],
    // Python whitespace, not JavaScript's: \x1c and \x85 split, U+FEFF and U+200B do not.
    ['a\x1cb\x85c\ufeffd\u200be\u3000f ', 'a b c\ufeffd\u200be f'],
    ['No lowercasing: İstanbul', 'No lowercasing : İstanbul'],
  ])('%j -> %j', (line, expected) => {
    expect(tokenize13a(line)).toBe(expected);
  });
});

/** sacrebleu's Tokenizer13a written literally: its replaces, then its four regexes. */
function referenceTokenize13a(line: string): string {
  let text = rstripPythonWhitespace(line).replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  text = ` ${text} `
    .replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ')
    .replace(/([^0-9])([.,])/g, '$1 $2 ')
    .replace(/([.,])([^0-9])/g, ' $1 $2')
    .replace(/([0-9])(-)/g, '$1 $2 ');
  return splitPythonWhitespace(text).join(' ');
}

describe('tokenize13a against the literal regex passes', () => {
  const PIECES = [
    'a', 'Z', 'word', '0', '7', '12', '.', ',', '-', '--', '..', ',,', ' ', '  ', '\t', '\n', '-\n', "'", '"', '(', ')', '/', ':',
    '%', '$', '&', '&amp;', '&lt;', '&quot;', '&apos;', '<skipped>', '<', '>', '😀', 'é', '“', '’', '。', '我', '\x1c', '\x85',
    '\ufeff', '\u200b', '\u3000', '\xa0', '\r', '_', '~', '|', '1,000', '3.5', 'x.3', '3.x', ',3', '2017-2018', 'pre-2000', 'U.S.',
  ];

  it('gives the same tokens on 5,000 random lines built from the characters the rules care about', () => {
    let state = 12_345;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    const mismatches: string[] = [];
    for (let line = 0; line < 5000; line += 1) {
      let text = '';
      const pieces = Math.floor(random() * 25);
      for (let piece = 0; piece < pieces; piece += 1) text += PIECES[Math.floor(random() * PIECES.length)]!;
      const expected = referenceTokenize13a(text);
      const actual = tokenize13a(text);
      if (actual !== expected) mismatches.push(`${JSON.stringify(text)}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('handles a very long word with many insertions', () => {
    const word = '1.a,2-b.'.repeat(2000);
    expect(tokenize13a(word)).toBe(referenceTokenize13a(word));
  });
});
