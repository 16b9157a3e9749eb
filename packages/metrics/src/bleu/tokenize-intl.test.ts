import { describe, expect, it } from 'vitest';
import { tokenizeIntl } from './tokenize-intl.js';

describe('tokenizeIntl (sacrebleu intl, mteval-v14 international)', () => {
  it.each([
    ['', ''],
    ['He said “stop” isn’t it 。', 'He said “ stop ” isn ’ t it 。'],
    ['我喜欢吃苹果。', '我喜欢吃苹果 。'],
    ['€5, $2.50 ©2024 10±2', '€ 5 , $ 2.50 © 2024 10 ± 2'],
    // Punctuation between two numbers stays, and so does a number's final period (as in mteval-v14).
    ['up 3.5% from 1,000.', 'up 3.5 % from 1,000.'],
    ['Between 2017-2018 the 10-year plan', 'Between 2017-2018 the 10 - year plan'],
    // No HTML unescaping, no <skipped> removal.
    ['&amp; <skipped>', '& amp ; < skipped >'],
  ])('%j -> %j', (line, expected) => {
    expect(tokenizeIntl(line)).toBe(expected);
  });
});
