import { InvalidParameterError } from '@assay/core';
import { describe, expect, it } from 'vitest';
import { describeRefdata } from '../__fixtures__/describe-refdata.js';
import { bleuFromStatistics } from './bleu-from-statistics.js';
import { bleuStatistics } from './bleu-statistics.js';
import { corpusBleu } from './corpus-bleu.js';

const TOLERANCE = 1e-9;

describeRefdata({
  title: 'corpusBleu against sacrebleu 2.6.0 BLEU()',
  tests: ({ rows, expected }) => {
    const predictions = rows.map((row) => row.prediction);
    const references = rows.map((row) => row.references);

    it('matches score, precisions, bp and ratio within 1e-9, and lengths, counts and totals exactly', () => {
      const result = corpusBleu(predictions, references);
      const reference = expected.bleu.corpus;
      expect(result.score).toBeCloseTo(reference.score, 9);
      expect(Math.abs(result.score - reference.score)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(result.bp - reference.bp)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(result.ratio - reference.ratio!)).toBeLessThanOrEqual(TOLERANCE);
      expect(result.precisions).toHaveLength(4);
      result.precisions.forEach((precision, index) => expect(Math.abs(precision - reference.precisions[index]!)).toBeLessThanOrEqual(TOLERANCE));
      expect({ sysLen: result.sysLen, refLen: result.refLen, counts: result.counts, totals: result.totals }).toEqual({
        sysLen: reference.sys_len,
        refLen: reference.ref_len,
        counts: reference.counts,
        totals: reference.totals,
      });
    });

    it('gives the same result from summed per-row statistics (what evaluate() and the bootstrap use)', () => {
      const statistics = rows.map((row) => bleuStatistics(row.prediction, row.references));
      expect(bleuFromStatistics(statistics)).toEqual(corpusBleu(predictions, references));
    });
  },
});

describe('corpusBleu', () => {
  it('scores a row only against its own references (rows may have different numbers)', () => {
    const result = corpusBleu(['the cat sat on the mat', 'a dog'], [['the cat sat on the mat'], ['a dog', 'one dog barked']]);
    expect(result.sysLen).toBe(8);
    expect(result.refLen).toBe(8);
    expect(result.counts).toEqual([8, 6, 4, 3]);
  });

  it('treats an empty reference as a real, empty reference', () => {
    const result = corpusBleu(['a b c'], [['', 'x y z w v']]);
    // '' is 3 tokens away from the prediction, the other reference 2: the closest is 5 tokens long.
    expect(result.refLen).toBe(5);
    expect(corpusBleu(['a b c d e f g'], [['']]).refLen).toBe(0);
  });

  it('picks the shorter reference length on ties', () => {
    expect(corpusBleu(['a b c d e'], [['a b c', 'a b c d e f g']]).refLen).toBe(3);
  });

  it('scores an empty corpus 0', () => {
    expect(corpusBleu([], [])).toMatchObject({ score: 0, sysLen: 0, refLen: 0, counts: [0, 0, 0, 0], totals: [0, 0, 0, 0] });
  });

  it('supports lowercase, other tokenizers and maxNgramOrder', () => {
    expect(corpusBleu(['THE CAT'], [['the cat']]).score).toBe(0);
    expect(corpusBleu(['THE CAT'], [['the cat']], { lowercase: true, maxNgramOrder: 2 }).score).toBeCloseTo(100, 12);
    expect(corpusBleu(['a,b'], [['a,b']], { tokenize: 'none' }).sysLen).toBe(1);
    expect(corpusBleu(['a,b'], [['a,b']], { tokenize: '13a' }).sysLen).toBe(3);
    const characters = corpusBleu(['abcd'], [['abce']], { tokenize: 'char' });
    expect(characters.counts).toEqual([3, 2, 1, 0]);
    expect(characters.totals).toEqual([4, 3, 2, 1]);
    expect(corpusBleu(['a b c d e f'], [['a b c d e f']], { maxNgramOrder: 6 }).totals).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('applies the floor, add-k and none smoothing methods like sacrebleu', () => {
    const prediction = ['a b c d'];
    const references = [['a b c e']];
    const logMean = (values: number[]) => Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
    // counts [3, 2, 1, 0], totals [4, 3, 2, 1]
    expect(corpusBleu(prediction, references, { smoothMethod: 'exp' }).precisions).toEqual([75, 200 / 3, 50, 100 / 2]);
    expect(corpusBleu(prediction, references, { smoothMethod: 'floor' }).precisions).toEqual([75, 200 / 3, 50, (100 * 0.1) / 1]);
    expect(corpusBleu(prediction, references, { smoothMethod: 'floor', smoothValue: 0.5 }).precisions[3]).toBe(50);
    expect(corpusBleu(prediction, references, { smoothMethod: 'none' }).score).toBe(0);
    const addK = corpusBleu(prediction, references, { smoothMethod: 'add-k' });
    expect(addK.counts).toEqual([3, 3, 2, 1]);
    expect(addK.totals).toEqual([4, 4, 3, 2]);
    expect(addK.score).toBeCloseTo(logMean([75, 75, 200 / 3, 50]), 12);
  });

  it('clips counts by the largest count in any single reference', () => {
    const result = corpusBleu(['the the the the'], [['the cat', 'the the dog']]);
    expect(result.counts[0]).toBe(2);
  });

  it('falls back to exact string keys for a very large vocabulary', () => {
    const words = Array.from({ length: 12_000 }, (_, index) => `w${index}`);
    const prediction = words.join(' ');
    const reference = [...words.slice(0, 6000), 'x', ...words.slice(6000)].join(' ');
    const result = corpusBleu([prediction], [[reference]]);
    expect(result.counts).toEqual([12_000, 11_998, 11_996, 11_994]);
  });
});

describe('corpusBleu input validation', () => {
  const errorOf = (work: () => unknown): InvalidParameterError => {
    try {
      work();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParameterError);
      return error as InvalidParameterError;
    }
    throw new Error('expected an InvalidParameterError');
  };

  it('rejects a prediction that is not a string', () => {
    const error = errorOf(() => corpusBleu(['ok', 42 as unknown as string], [['a'], ['b']]));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toMatch(/predictions\[1\] is a number; every prediction must be a string/);
  });

  it('rejects predictions that are not a list', () => {
    expect(errorOf(() => corpusBleu('text' as unknown as string[], [['a']])).message).toMatch(/predictions is a string; pass a list of prediction strings/);
  });

  it('rejects mismatched lengths and says how references are shaped', () => {
    expect(errorOf(() => corpusBleu(['a', 'b'], [['a']])).message).toMatch(
      /got 2 predictions but 1 reference lists; references\[i\] must be the list of references of predictions\[i\]/,
    );
  });

  it('rejects an empty reference list', () => {
    expect(errorOf(() => corpusBleu(['a'], [[]])).message).toMatch(/references\[0\] is an empty list; every prediction needs at least one reference/);
  });

  it('rejects a reference row given as a plain string, and non-string references', () => {
    expect(errorOf(() => corpusBleu(['a'], ['a' as unknown as string[]])).message).toMatch(/references\[0\] is a string; pass a list of reference strings/);
    expect(errorOf(() => corpusBleu(['a'], [['a', null as unknown as string]])).message).toMatch(/references\[0\]\[1\] is null; every reference must be a string/);
  });

  it('rejects unknown options', () => {
    expect(errorOf(() => corpusBleu(['a'], [['a']], { tokenize: 'zh' as '13a' })).message).toMatch(/unknown tokenize "zh"; use one of '13a', 'intl', 'char', 'none'/);
    expect(errorOf(() => corpusBleu(['a'], [['a']], { smoothMethod: 'add-one' as 'exp' })).message).toMatch(/unknown smoothMethod/);
    expect(errorOf(() => corpusBleu(['a'], [['a']], { maxNgramOrder: 0 })).message).toMatch(/maxNgramOrder is 0; pass a positive integer/);
  });
});
