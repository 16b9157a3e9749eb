import { describe, expect, it } from 'vitest';
import { comparePairedScores } from './compare-paired-scores.js';

describe('comparePairedScores', () => {
  it('gives b - a of the means with a paired bootstrap interval, wins and losses by direction, and the same figures for the same seed', () => {
    const rowsA = [0, 0, 1, 0, 1, 0, 0, 1, 0, 0];
    const rowsB = [1, 1, 1, 0, 1, 1, 1, 1, 0, 1];
    const compare = (seed: number) => comparePairedScores({ rowCount: 10, seed, samples: 500, columns: [{ column: 'exact_match', rowsA, rowsB }, { column: 'latency', greaterIsBetter: false, rowsA: rowsB, rowsB: rowsA }] });
    const [exact, latency] = compare(12345);
    expect(exact).toMatchObject({ column: 'exact_match', greaterIsBetter: true, a: 0.3, b: 0.8, wins: 5, losses: 0, ties: 5 });
    expect(exact!.delta).toBeCloseTo(0.5, 12);
    expect(exact!.ci95[0]).toBeGreaterThan(0);
    expect(exact!.ci95[1]).toBeLessThanOrEqual(1);
    // Lower is better: b's lower values are wins.
    expect(latency).toMatchObject({ greaterIsBetter: false, wins: 5, losses: 0 });
    expect(compare(12345)).toEqual([exact, latency]);
    expect(compare(1)[0]!.ci95).not.toEqual(exact!.ci95);
  });

  it('leaves missing scores out of the means and counts them as ties; uses a corpus value when given one; refuses too few samples', () => {
    const [missing] = comparePairedScores({ rowCount: 3, columns: [{ column: 'rougeL', rowsA: [0.5, null, 1], rowsB: [0.5, 0.25, 1] }] });
    expect(missing).toMatchObject({ a: 0.75, ties: 3, wins: 0, losses: 0 });
    const seen: number[][] = [];
    const [corpus] = comparePairedScores({
      rowCount: 4,
      samples: 20,
      columns: [{ column: 'bleu', rowsA: [1, 2, 3, 4], rowsB: [1, 2, 3, 4], valueA: (indices) => (seen.push(Array.from(indices)), 10), valueB: () => 12 }],
    });
    expect(corpus).toMatchObject({ a: 10, b: 12, delta: 2, ci95: [2, 2] });
    expect(seen[0]).toEqual([0, 1, 2, 3]);
    expect(seen).toHaveLength(21);
    expect(() => comparePairedScores({ rowCount: 3, samples: 5, columns: [] })).toThrow(/at least 10/);
  });
});
