import { InvalidParameterError } from '@assay/core';
import { describe, expect, it } from 'vitest';
import { describeRefdata } from '../__fixtures__/describe-refdata.js';
import { bleuFromStatistics } from './bleu-from-statistics.js';
import { bleuStatistics } from './bleu-statistics.js';
import { sentenceBleu } from './sentence-bleu.js';

const TOLERANCE = 1e-9;

describeRefdata({
  title: 'sentenceBleu against sacrebleu 2.6.0 sentence_bleu()',
  tests: ({ rows, expected }) => {

    it('matches every row (effective order on): score, precisions, bp within 1e-9; lengths, counts, totals exactly', () => {
      const mismatches: string[] = [];
      rows.forEach((row, index) => {
        const result = sentenceBleu(row.prediction, row.references);
        const reference = expected.bleu.sentence[index]!;
        const close =
          Math.abs(result.score - reference.score) <= TOLERANCE &&
          Math.abs(result.bp - reference.bp) <= TOLERANCE &&
          result.precisions.every((precision, order) => Math.abs(precision - reference.precisions[order]!) <= TOLERANCE);
        const exact =
          result.sysLen === reference.sys_len &&
          result.refLen === reference.ref_len &&
          JSON.stringify(result.counts) === JSON.stringify(reference.counts) &&
          JSON.stringify(result.totals) === JSON.stringify(reference.totals);
        if (!close || !exact) mismatches.push(`row ${index} (${row.note ?? row.id}): got ${JSON.stringify(result)}, expected ${JSON.stringify(reference)}`);
      });
      expect(mismatches).toEqual([]);
      expect(rows).toHaveLength(expected.n);
    });

    it('matches every row with effective order off (sentence_noeff_scores)', () => {
      const mismatches: string[] = [];
      rows.forEach((row, index) => {
        const score = sentenceBleu(row.prediction, row.references, { effectiveOrder: false }).score;
        const reference = expected.bleu.sentence_noeff_scores[index]!;
        if (Math.abs(score - reference) > TOLERANCE) mismatches.push(`row ${index} (${row.note ?? row.id}): got ${score}, expected ${reference}`);
      });
      expect(mismatches).toEqual([]);
    });

    it('matches the mean sentence score and equals BLEU from the row statistics with effective order', () => {
      const scores = rows.map((row) => sentenceBleu(row.prediction, row.references).score);
      const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
      expect(Math.abs(mean - expected.bleu.sentence_mean_score)).toBeLessThanOrEqual(TOLERANCE);
      rows.slice(0, 50).forEach((row, index) => {
        expect(bleuFromStatistics(bleuStatistics(row.prediction, row.references), { effectiveOrder: true }).score).toBe(scores[index]);
      });
    });
  },
});

describe('sentenceBleu', () => {
  it('gives 100.00000000000004 for identical strings, like sacrebleu', () => {
    expect(sentenceBleu('The quick brown fox jumps over the lazy dog.', ['The quick brown fox jumps over the lazy dog.']).score).toBe(100.00000000000004);
  });

  it('scores an empty prediction 0 with bp 0', () => {
    expect(sentenceBleu('', ['The cat sat on the mat.'])).toMatchObject({ score: 0, bp: 0, sysLen: 0, refLen: 7 });
  });

  it('uses only the orders that have n-grams with effective order on', () => {
    expect(sentenceBleu('Hello world', ['Hello world']).score).toBeCloseTo(100, 12);
    expect(sentenceBleu('Hello world', ['Hello world'], { effectiveOrder: false }).score).toBeLessThan(1e-9);
  });

  it('rejects invalid input with an InvalidParameterError that says how to fix it', () => {
    expect(() => sentenceBleu(undefined as unknown as string, ['a'])).toThrow(InvalidParameterError);
    expect(() => sentenceBleu(undefined as unknown as string, ['a'])).toThrow(/the prediction is a undefined; pass a string/);
    expect(() => sentenceBleu('a', 'a' as unknown as string[])).toThrow(/references is a string; pass a list of reference strings, e.g. \["a"\]/);
    expect(() => sentenceBleu('a', [])).toThrow(/references is an empty list; every prediction needs at least one reference/);
  });
});
