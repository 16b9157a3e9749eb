import { describe, expect, it } from 'vitest';
import { testRows } from '../__fixtures__/test-rows.js';
import { levenshteinDistance } from './levenshtein-distance.js';
import { levenshteinSimilarity } from './levenshtein-similarity.js';
import { levenshteinSimilarityMetric } from './levenshtein-similarity-metric.js';

describe('levenshteinDistance', () => {
  it.each([
    ['kitten', 'sitting', 3], // k→s, e→i, +g
    ['sitting', 'kitten', 3],
    ['flaw', 'lawn', 2], // -f, +n
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['abc', 'abc', 0],
    ['abcdef', 'azced', 3], // b→z, -d, f→d
    ['😀', 'a', 1], // one code point, although two UTF-16 units
    ['😀😀', '😀', 1],
    ['a😀b', 'ab', 1],
    ['caf\u00e9', 'cafe\u0301', 2], // é→e, +U+0301
    ['日本語', '日本', 1],
  ])('%j vs %j is %i', (a, b, expected) => {
    expect(levenshteinDistance(a, b)).toBe(expected);
  });

  it('matches a full-table computation on random strings', () => {
    const reference = (a: string[], b: string[]): number => {
      const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i += 1) {
        for (let j = 1; j <= b.length; j += 1) {
          table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
      }
      return table[a.length]![b.length]!;
    };
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['a', 'b', 'c', '😀', 'é'];
    for (let trial = 0; trial < 200; trial += 1) {
      const a = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]!);
      const b = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]!);
      expect(levenshteinDistance(a.join(''), b.join(''))).toBe(reference(a, b));
    }
  });
});

describe('levenshteinSimilarity', () => {
  it('is 1 - distance / longest length in code points', () => {
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('', 'ab')).toBe(0);
    expect(levenshteinSimilarity('😀', 'a')).toBe(0);
    expect(levenshteinSimilarity('a😀', 'a')).toBe(0.5);
  });

  it('gives the metric the best target', async () => {
    const metric = levenshteinSimilarityMetric();
    const scores = await metric.scoreRows(
      testRows([
        { output: 'kitten', targets: ['sitting', 'kitten!'] },
        { output: 'x', targets: [] },
      ]),
      { concurrency: 1 },
    );
    expect(scores[0]!.values.levenshtein_similarity).toBeCloseTo(1 - 1 / 7, 12);
    expect(scores[1]!.values.levenshtein_similarity).toBeNull();
  });
});
