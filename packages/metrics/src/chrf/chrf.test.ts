import { InvalidParameterError } from '@assay/core';
import { describe, expect, it } from 'vitest';
import { describeRefdata } from '../__fixtures__/describe-refdata.js';
import { corpusChrf, sentenceChrf } from './chrf.js';
import { chrfFromStatistics } from './chrf-from-statistics.js';
import { chrfStatistics, chrfWords } from './chrf-statistics.js';

const TOLERANCE = 1e-9;

describeRefdata({
  title: 'chrF against sacrebleu 2.6.0 CHRF()',
  tests: ({ rows, expected }) => {
    const predictions = rows.map((row) => row.prediction);
    const references = rows.map((row) => row.references);

    it('matches the corpus score within 1e-9', () => {
      const result = corpusChrf(predictions, references);
      expect(Math.abs(result.score - expected.chrf.corpus.score)).toBeLessThanOrEqual(TOLERANCE);
      expect(result).toMatchObject({ charOrder: 6, wordOrder: 0, beta: 2 });
    });

    it('matches every row within 1e-9', () => {
      const mismatches: string[] = [];
      rows.forEach((row, index) => {
        const score = sentenceChrf(row.prediction, row.references).score;
        const reference = expected.chrf.sentence[index]!;
        if (Math.abs(score - reference) > TOLERANCE) mismatches.push(`row ${index} (${row.note ?? row.id}): got ${score}, expected ${reference}`);
      });
      expect(mismatches).toEqual([]);
    });

    it('gives the same corpus score from summed per-row statistics', () => {
      const statistics = rows.map((row) => chrfStatistics(row.prediction, row.references));
      expect(chrfFromStatistics(statistics)).toEqual(corpusChrf(predictions, references));
    });
  },
});

describe('chrF', () => {
  it('removes Python whitespace and counts code points', () => {
    expect(sentenceChrf('a b\x1cc', ['abc']).score).toBeCloseTo(100, 12);
    const statistics = chrfStatistics('😀😀', ['😀😀']);
    expect(statistics.hypothesisNgrams).toEqual([2, 1, 0, 0, 0, 0]);
    expect(statistics.matchingNgrams).toEqual([2, 1, 0, 0, 0, 0]);
  });

  it('reports no hypothesis n-grams for an order the reference has none of (sacrebleu)', () => {
    const statistics = chrfStatistics('abcdef', ['ab']);
    expect(statistics.hypothesisNgrams).toEqual([6, 5, 0, 0, 0, 0]);
    expect(statistics.referenceNgrams).toEqual([2, 1, 0, 0, 0, 0]);
  });

  it('keeps the statistics of the reference with the best F-score, the first on ties', () => {
    const statistics = chrfStatistics('the cat', ['a dog', 'the cat', 'the cat']);
    expect(statistics.matchingNgrams[0]).toBe(6);
    expect(sentenceChrf('the cat', ['a dog', 'the cat']).score).toBeCloseTo(100, 12);
  });

  it('scores 0 when nothing matches or a side is empty', () => {
    expect(sentenceChrf('', ['abc']).score).toBe(0);
    expect(sentenceChrf('abc', ['']).score).toBe(0);
    expect(sentenceChrf('abc', ['xyz']).score).toBe(0);
    expect(corpusChrf([], []).score).toBe(0);
  });

  it('supports eps smoothing, chrF++ word n-grams, lowercase, whitespace and beta', () => {
    // With eps smoothing every order counts: orders 3-6 have no n-grams here.
    const eps = sentenceChrf('ab', ['ab'], { epsSmoothing: true }).score;
    expect(eps).toBeCloseTo((100 * (1 + 1 + 4 * 1e-16)) / 6, 12);
    expect(sentenceChrf('ab', ['ab']).score).toBeCloseTo(100, 12);
    const plusPlus = chrfStatistics('the cat, sat', ['the cat sat'], { wordOrder: 2 });
    expect(plusPlus.hypothesisNgrams).toHaveLength(8);
    expect(plusPlus.hypothesisNgrams.slice(6)).toEqual([4, 3]);
    expect(plusPlus.matchingNgrams.slice(6)).toEqual([3, 1]);
    expect(sentenceChrf('ABC', ['abc']).score).toBe(0);
    expect(sentenceChrf('ABC', ['abc'], { lowercase: true }).score).toBeCloseTo(100, 12);
    expect(chrfStatistics('a b', ['ab'], { whitespace: true }).hypothesisNgrams[0]).toBe(3);
    expect(sentenceChrf('abcd', ['abce'], { beta: 1 }).score).not.toBe(sentenceChrf('abcd', ['abcdef'], { beta: 1 }).score);
  });

  it('splits chrF++ words like sacrebleu: one leading or trailing ASCII punctuation mark', () => {
    expect(chrfWords('(hi) "x" a. .b , 😀 ok')).toEqual(['(hi', ')', '"x', '"', 'a', '.', '.', 'b', ',', '😀', 'ok']);
  });

  it('falls back to exact string keys for rows with many distinct characters', () => {
    const text = Array.from({ length: 600 }, (_, index) => String.fromCodePoint(0x4e00 + index)).join('');
    const statistics = chrfStatistics(text, [text.slice(0, 300) + 'x' + text.slice(300)]);
    expect(statistics.matchingNgrams).toEqual([600, 598, 596, 594, 592, 590]);
  });

  it('rejects invalid input with an InvalidParameterError that says how to fix it', () => {
    expect(() => corpusChrf(['a', 1 as unknown as string], [['a'], ['b']])).toThrow(InvalidParameterError);
    expect(() => corpusChrf(['a', 1 as unknown as string], [['a'], ['b']])).toThrow(/chrF: predictions\[1\] is a number/);
    expect(() => corpusChrf(['a'], [['a'], ['b']])).toThrow(/got 1 predictions but 2 reference lists/);
    expect(() => corpusChrf(['a'], [[]])).toThrow(/references\[0\] is an empty list/);
    expect(() => sentenceChrf('a', [])).toThrow(/references is an empty list/);
    expect(() => sentenceChrf('a', ['a'], { charOrder: 0, wordOrder: 0 })).toThrow(/charOrder and wordOrder are both 0/);
    expect(() => sentenceChrf('a', ['a'], { beta: -1 })).toThrow(/beta is -1/);
  });
});
