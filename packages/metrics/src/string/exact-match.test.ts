import { describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { exactMatch } from './exact-match.js';
import { exactMatchMetric } from './exact-match-metric.js';
import { normalizeSquadAnswer } from './normalize-squad-answer.js';

describe('exactMatch', () => {
  it('compares exactly by default', () => {
    expect(exactMatch('Paris', 'Paris')).toBe(1);
    expect(exactMatch('Paris', 'paris')).toBe(0);
    expect(exactMatch('Paris ', 'Paris')).toBe(0);
    expect(exactMatch('', '')).toBe(1);
    expect(exactMatch('', ' ')).toBe(0);
  });

  it('applies ignoreCase, ignorePunctuation and ignoreWhitespace', () => {
    expect(exactMatch('PARIS', 'paris', { ignoreCase: true })).toBe(1);
    expect(exactMatch('Paris!', 'Paris', { ignorePunctuation: true })).toBe(1);
    expect(exactMatch('«Paris»', 'Paris', { ignorePunctuation: true })).toBe(1);
    expect(exactMatch('1+1=2', '112', { ignorePunctuation: true })).toBe(1);
    expect(exactMatch('  New \t York\n', 'New York', { ignoreWhitespace: true })).toBe(1);
    expect(exactMatch('NewYork', 'New York', { ignoreWhitespace: true })).toBe(0);
  });

  it('compares Unicode and emoji as they are', () => {
    expect(exactMatch('café', 'café')).toBe(1);
    // Precomposed é vs e + combining acute: different code points, no normalisation.
    expect(exactMatch('caf\u00e9', 'cafe\u0301')).toBe(0);
    expect(exactMatch('👍', '👍')).toBe(1);
    expect(exactMatch('ÉCOLE', 'école', { ignoreCase: true })).toBe(1);
  });

  it("normalizes like SQuAD's normalize_answer", () => {
    expect(normalizeSquadAnswer('The  Eiffel-Tower!')).toBe('eiffeltower');
    expect(normalizeSquadAnswer('An apple, a pear and THE end.')).toBe('apple pear and end');
    // Articles only as whole words: "theatre", "Ana" and "a" inside "théa" stay.
    expect(normalizeSquadAnswer('theatre Ana théa')).toBe('theatre ana théa');
    expect(normalizeSquadAnswer('')).toBe('');
    expect(exactMatch('The Beatles.', 'beatles', { normalize: 'squad' })).toBe(1);
    expect(exactMatch('The answer: Paris.', 'paris', { normalize: 'squad' })).toBe(0);
  });

  it('rejects bad arguments with a clear message', () => {
    expect(() => exactMatch(1 as unknown as string, 'a')).toThrow(/must be strings/);
    expect(() => exactMatch('a', 'a', { normalize: 'nfc' as 'none' })).toThrow(/normalize must be 'none' or 'squad'/);
  });
});

describe('exactMatchMetric', () => {
  it('scores rows against one or several targets', async () => {
    const metric = exactMatchMetric({ ignoreCase: true });
    expect(metric.name).toBe('exact_match');
    expect(metric.greaterIsBetter).toBe(true);
    const rows = testRows([
      { output: 'Paris', targets: 'paris' },
      { output: 'Lyon', targets: 'Paris' },
      { output: 'NYC', targets: ['New York', 'nyc'] },
      { output: 'x', targets: undefined },
      { output: undefined, error: 'model failed', targets: 'x' },
      { output: 42, targets: 42 },
    ]);
    const scores = await metric.scoreRows(rows, { concurrency: 2 });
    expect(scores.map((score) => score.values.exact_match)).toEqual([1, 0, 1, null, null, 1]);
  });
});
