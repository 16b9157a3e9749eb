import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rougeTokenize } from './rouge-tokenize.js';
import { rouge } from './rouge.js';

// A literal port of rouge-score 0.1.2's LCS scoring (DP table, _backtrack_norec,
// _summary_level_lcs), used to check the optimised implementation on random text.
function lcsTable(reference: string[], candidate: string[]): number[][] {
  const table = Array.from({ length: reference.length + 1 }, () => new Array<number>(candidate.length + 1).fill(0));
  for (let i = 1; i <= reference.length; i += 1) {
    for (let j = 1; j <= candidate.length; j += 1) {
      table[i]![j] =
        reference[i - 1] === candidate[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
    }
  }
  return table;
}

function backtrack(table: number[][], reference: string[], candidate: string[]): number[] {
  let i = reference.length;
  let j = candidate.length;
  const lcs: number[] = [];
  while (i > 0 && j > 0) {
    if (reference[i - 1] === candidate[j - 1]) {
      lcs.unshift(i - 1);
      i -= 1;
      j -= 1;
    } else if (table[i]![j - 1]! > table[i - 1]![j]!) j -= 1;
    else i -= 1;
  }
  return lcs;
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function naiveRougeL(prediction: string, reference: string): number[] {
  const target = rougeTokenize(reference);
  const candidate = rougeTokenize(prediction);
  if (target.length === 0 || candidate.length === 0) return [0, 0, 0];
  const length = lcsTable(target, candidate)[target.length]![candidate.length]!;
  const precision = length / candidate.length;
  const recall = length / target.length;
  return [precision, recall, fmeasure(precision, recall)];
}

function naiveRougeLsum(prediction: string, reference: string): number[] {
  const sentences = (text: string) => text.split('\n').filter((line) => line.length > 0).map((line) => rougeTokenize(line));
  const target = sentences(reference);
  const candidate = sentences(prediction);
  if (target.length === 0 || candidate.length === 0) return [0, 0, 0];
  const m = target.reduce((sum, sentence) => sum + sentence.length, 0);
  const n = candidate.reduce((sum, sentence) => sum + sentence.length, 0);
  if (m === 0 || n === 0) return [0, 0, 0];
  const targetCounts = new Map<string, number>();
  const candidateCounts = new Map<string, number>();
  for (const token of target.flat()) targetCounts.set(token, (targetCounts.get(token) ?? 0) + 1);
  for (const token of candidate.flat()) candidateCounts.set(token, (candidateCounts.get(token) ?? 0) + 1);
  let hits = 0;
  for (const sentence of target) {
    const union = new Set<number>();
    for (const other of candidate) for (const index of backtrack(lcsTable(sentence, other), sentence, other)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = sentence[index]!;
      if (candidateCounts.get(token)! > 0 && targetCounts.get(token)! > 0) {
        hits += 1;
        candidateCounts.set(token, candidateCounts.get(token)! - 1);
        targetCounts.set(token, targetCounts.get(token)! - 1);
      }
    }
  }
  return [hits / n, hits / m, fmeasure(hits / n, hits / m)];
}

// Few distinct words, so LCS ties are common; up to ~120 tokens crosses several 30-bit words.
const text = (maxLength: number) =>
  fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', ' ', ' ', ' ', '\n', '.'), { maxLength }).map((characters) => characters.join(''));

describe('LCS scoring against a literal port of rouge-score', () => {
  it('rougeL (bit-parallel LCS) equals the DP table on random text', () => {
    fc.assert(
      fc.property(text(240), text(240), (prediction, reference) => {
        const { rougeL } = rouge(prediction, reference, { types: ['rougeL'] });
        expect([rougeL!.precision, rougeL!.recall, rougeL!.fmeasure]).toEqual(naiveRougeL(prediction, reference));
      }),
      { numRuns: 600 },
    );
  });

  it('rougeLsum (union LCS, backtrack tie-breaking, capped hits) equals rouge-score on random multi-line text', () => {
    fc.assert(
      fc.property(text(80), text(80), (prediction, reference) => {
        const { rougeLsum } = rouge(prediction, reference, { types: ['rougeLsum'] });
        expect([rougeLsum!.precision, rougeLsum!.recall, rougeLsum!.fmeasure]).toEqual(naiveRougeLsum(prediction, reference));
      }),
      { numRuns: 600 },
    );
  });
});
