import { AssayError, InvalidParameterError } from '@assay/core';
import { describe, expect, it } from 'vitest';
import { describeRefdata } from '../__fixtures__/describe-refdata.js';
import type { ExpectedRougeScores } from '../__fixtures__/load-refdata.js';
import { rougeBatch } from './rouge-batch.js';
import { rougeN } from './rouge-n.js';
import type { RougeScores } from './rouge-types.js';
import { rouge } from './rouge.js';

const TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;
const FIELDS = ['precision', 'recall', 'fmeasure'] as const;
const TOLERANCE = 1e-9;

/** Every (type, field) that differs from rouge-score by more than 1e-9, as readable strings. */
function differences(label: string, actual: RougeScores | undefined, expected: ExpectedRougeScores): string[] {
  const found: string[] = [];
  for (const type of TYPES) {
    for (const field of FIELDS) {
      const value = actual?.[type]?.[field];
      if (value === undefined || !(Math.abs(value - expected[type][field]) <= TOLERANCE)) {
        found.push(`${label} ${type}.${field}: got ${value}, expected ${expected[type][field]}`);
      }
    }
  }
  return found;
}

describeRefdata({
  title: 'rouge-score 0.1.2 reference vectors',
  tests: (data) => {
    const predictions = data.rows.map((row) => row.prediction);
    const references = data.rows.map((row) => row.references);

    it('has one expected row per input row', () => {
      expect(data.rows.length).toBe(data.expected.n);
      expect(data.expected.rouge.nostem.rows.length).toBe(data.expected.n);
      expect(data.expected.rouge.stem.rows.length).toBe(data.expected.n);
    });

    describe.each([
      { mode: 'nostem', useStemmer: false },
      { mode: 'stem', useStemmer: true },
    ] as const)('$mode', ({ mode, useStemmer }) => {
      const expected = data.expected.rouge[mode];

      it('rougeBatch: every row within 1e-9', () => {
        const result = rougeBatch(predictions, references, { useStemmer });
        const found = result.rows.flatMap((row, index) => differences(`row ${index}`, row, expected.rows[index]!));
        expect(found).toEqual([]);
        expect(result.rows.length).toBe(expected.rows.length);
      });

      it('rougeBatch: the means within 1e-9', () => {
        const result = rougeBatch(predictions, references, { useStemmer });
        expect(differences('mean', result.mean, expected.mean)).toEqual([]);
      });

      it('rouge(): every row within 1e-9, called one row at a time', () => {
        const found = data.rows.flatMap((row, index) =>
          differences(`row ${index}`, rouge(row.prediction, row.references, { useStemmer }), expected.rows[index]!),
        );
        expect(found).toEqual([]);
      });
    });
  },
});

describe('rouge', () => {
  it('scores identical text 1 and disjoint text 0', () => {
    const same = rouge('The quick brown fox.', 'the quick brown fox');
    for (const type of TYPES) expect(same[type]).toEqual({ precision: 1, recall: 1, fmeasure: 1 });
    const disjoint = rouge('alpha beta', ['gamma delta']);
    for (const type of TYPES) expect(disjoint[type]).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('returns the requested types in order, each once', () => {
    const result = rouge('a b c d', 'a b c e', { types: ['rougeL', 'rouge3', 'rouge1', 'rougeL'] });
    expect(Object.keys(result)).toEqual(['rougeL', 'rouge3', 'rouge1']);
    expect(result.rouge3).toEqual({ precision: 0.5, recall: 0.5, fmeasure: 0.5 });
    expect(result.rougeL!.precision).toBe(0.75);
  });

  it('accepts a single reference string and a list alike', () => {
    expect(rouge('the cat sat', 'the cat sat down')).toEqual(rouge('the cat sat', ['the cat sat down']));
  });

  it('keeps, per type, the reference with the highest F (the first on ties)', () => {
    const result = rouge('a b c d', ['a x c y', 'a b z z', 'a b c d e f g h i j']);
    // F 0.5, 0.5 and 0.571...: the long third reference wins rouge1.
    expect(result.rouge1).toEqual({ precision: 1, recall: 0.4, fmeasure: (2 * 1 * 0.4) / 1.4 });
    expect(result.rouge2).toEqual({ precision: 3 / 3, recall: 3 / 9, fmeasure: 0.5 });
    // Both references tie on F: the first one wins.
    const tie = rouge('a b', ['a c', 'c b']);
    expect(tie.rouge1).toEqual({ precision: 0.5, recall: 0.5, fmeasure: 0.5 });
  });

  it('splits rougeLsum lines on \\n only and caps hits by token counts', () => {
    const result = rouge('a b\nc d', 'a b c d', { types: ['rougeL', 'rougeLsum'] });
    expect(result.rougeLsum).toEqual({ precision: 1, recall: 1, fmeasure: 1 });
    // A repeated prediction line cannot match the reference tokens twice.
    const repeated = rouge('a b\na b', 'a b', { types: ['rougeLsum'] });
    expect(repeated.rougeLsum).toEqual({ precision: 0.5, recall: 1, fmeasure: 2 / 3 });
    // \r and U+2028 are separators, not line breaks: one line on each side.
    expect(rouge('b a\r\na b', 'a b', { types: ['rougeLsum'] }).rougeLsum!.recall).toBe(1);
    expect(rouge('b a\u2028a b', 'a b c', { types: ['rougeL', 'rougeLsum'] }).rougeLsum).toEqual(
      rouge('b a a b', 'a b c', { types: ['rougeL'] }).rougeL,
    );
  });

  it('stems only when asked', () => {
    expect(rouge('the cats were running', 'the cat runs', { types: ['rouge1'] }).rouge1!.recall).toBeCloseTo(1 / 3, 12);
    expect(rouge('the cats were running', 'the cat runs', { types: ['rouge1'], useStemmer: true }).rouge1!.recall).toBe(1);
  });
});

describe('rougeN', () => {
  it('matches the rougeN type of rouge()', () => {
    const prediction = 'the cat sat on the mat and the cat slept';
    const references = ['a cat sat on a mat', 'the cat slept on the mat'];
    for (const n of [1, 2, 3, 4]) {
      const name = `rouge${n}` as 'rouge1' | 'rouge2' | 'rouge3' | 'rouge4';
      expect(rougeN(prediction, references, n)).toEqual(rouge(prediction, references, { types: [name] })[name]);
    }
    expect(rougeN('the cat sat', 'the cat sat down', 2)).toEqual({ precision: 1, recall: 2 / 3, fmeasure: 0.8 });
  });

  it('counts clipped n-gram matches', () => {
    expect(rougeN('the the the the', 'the cat', 1)).toEqual({ precision: 0.25, recall: 0.5, fmeasure: 1 / 3 });
    const bigrams = rougeN('a b a b a b', 'a b a b', 2);
    expect([bigrams.precision, bigrams.recall]).toEqual([3 / 5, 1]);
    expect(bigrams.fmeasure).toBeCloseTo(0.75, 15);
    expect(rougeN('one two', 'one two', 12)).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });
});

describe('rougeBatch', () => {
  it('scores each row like rouge() and averages per type', () => {
    const predictions = ['the cat sat', 'a dog barked loudly', ''];
    const references = [['the cat sat down'], ['the dog barked', 'a dog barked'], ['nothing']];
    const result = rougeBatch(predictions, references, { types: ['rouge1', 'rougeL'] });
    expect(result.rows).toEqual(predictions.map((prediction, index) => rouge(prediction, references[index]!, { types: ['rouge1', 'rougeL'] })));
    const rouge1 = result.rows.map((row) => row.rouge1!.fmeasure);
    expect(result.mean.rouge1!.fmeasure).toBeCloseTo((rouge1[0]! + rouge1[1]! + rouge1[2]!) / 3, 15);
    expect(Object.keys(result.mean)).toEqual(['rouge1', 'rougeL']);
  });

  it('returns no rows and zero means for no input', () => {
    expect(rougeBatch([], [])).toEqual({
      rows: [],
      mean: {
        rouge1: { precision: 0, recall: 0, fmeasure: 0 },
        rouge2: { precision: 0, recall: 0, fmeasure: 0 },
        rougeL: { precision: 0, recall: 0, fmeasure: 0 },
        rougeLsum: { precision: 0, recall: 0, fmeasure: 0 },
      },
    });
  });
});

describe('input validation', () => {
  function errorOf(work: () => unknown): InvalidParameterError {
    try {
      work();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(AssayError.isInstance(error)).toBe(true);
      expect((error as InvalidParameterError).code).toBe('INVALID_PARAMETER_VALUE');
      return error as InvalidParameterError;
    }
    throw new Error('expected an InvalidParameterError');
  }

  it('rejects a prediction that is not a string', () => {
    const error = errorOf(() => rouge(42 as unknown as string, ['x']));
    expect(error.message).toMatch(/rouge\(\): prediction must be a string, got a number \(42\)\. Pass the generated text/);
    expect(errorOf(() => rouge(undefined as unknown as string, 'x')).message).toMatch(/got undefined/);
  });

  it('rejects references that are missing, empty or not strings', () => {
    expect(errorOf(() => rouge('x', [])).message).toMatch(/references is an empty list\. Give at least one reference text/);
    expect(errorOf(() => rouge('x', ['a', null as unknown as string])).message).toMatch(/references\[1\] must be a string, got null/);
    expect(errorOf(() => rouge('x', 7 as unknown as string)).message).toMatch(/must be a string or a list of strings/);
  });

  it('rejects unknown ROUGE types and says which are valid', () => {
    const error = errorOf(() => rouge('x', 'y', { types: ['rougeW' as 'rougeL'] }));
    expect(error.message).toBe(`rouge(): unknown ROUGE type "rougeW". Use 'rouge1' to 'rouge9', 'rougeL' or 'rougeLsum'.`);
    expect(errorOf(() => rouge('x', 'y', { types: ['rouge0' as 'rouge1'] })).message).toMatch(/unknown ROUGE type "rouge0"/);
    expect(errorOf(() => rouge('x', 'y', { types: ['rouge10' as 'rouge1'] })).message).toMatch(/unknown ROUGE type "rouge10"/);
    expect(errorOf(() => rouge('x', 'y', { types: [] })).message).toMatch(/options\.types is empty\. List at least one ROUGE type/);
    expect(errorOf(() => rouge('x', 'y', { useStemmer: 'yes' as unknown as boolean })).message).toMatch(/useStemmer must be true or false/);
  });

  it('rejects a bad n in rougeN', () => {
    expect(errorOf(() => rougeN('x', 'y', 0)).message).toMatch(/n must be a positive integer/);
    expect(errorOf(() => rougeN('x', 'y', 1.5)).message).toMatch(/n must be a positive integer/);
  });

  it('rejects batch rows that do not line up or are invalid, naming the row', () => {
    expect(errorOf(() => rougeBatch(['a', 'b'], [['a']])).message).toMatch(/2 predictions but 1 reference lists\. Pass one list of references per prediction/);
    expect(errorOf(() => rougeBatch(['a', 'b'], [['a'], []])).message).toMatch(/references\[1\] is an empty list/);
    expect(errorOf(() => rougeBatch(['a', 3 as unknown as string], [['a'], ['b']])).message).toMatch(/predictions\[1\] must be a string/);
  });
});
