import { InvalidParameterError } from '@assay/core';
import { resolveChrfOptions, type ChrfOptions, type ResolvedChrfOptions } from './chrf-options.js';
import { chrfScoreOf, type ChrfStatistics } from './chrf-score-of.js';

/** A chrF score with its settings. */
export interface ChrfResult {
  /** chrF on a 0-100 scale, like sacrebleu. */
  score: number;
  /** The character n-gram order used. */
  charOrder: number;
  /** The word n-gram order used (2 for chrF++, 0 for chrF). */
  wordOrder: number;
  /** How much more recall weighs than precision. */
  beta: number;
}

/** Adds up rows' statistics. */
export function sumChrfStatistics(rows: readonly ChrfStatistics[], order: number): ChrfStatistics {
  const hypothesisNgrams = new Array<number>(order).fill(0);
  const referenceNgrams = new Array<number>(order).fill(0);
  const matchingNgrams = new Array<number>(order).fill(0);
  for (const row of rows) {
    if (row.hypothesisNgrams.length !== order || row.referenceNgrams.length !== order || row.matchingNgrams.length !== order) {
      throw new InvalidParameterError(
        `chrF: statistics cover ${row.hypothesisNgrams.length} orders but charOrder + wordOrder is ${order}; compute them with the same orders.`,
      );
    }
    for (let index = 0; index < order; index += 1) {
      hypothesisNgrams[index] = hypothesisNgrams[index]! + row.hypothesisNgrams[index]!;
      referenceNgrams[index] = referenceNgrams[index]! + row.referenceNgrams[index]!;
      matchingNgrams[index] = matchingNgrams[index]! + row.matchingNgrams[index]!;
    }
  }
  return { hypothesisNgrams, referenceNgrams, matchingNgrams };
}

/** chrF of summed statistics with resolved options. */
export function computeChrf(summed: ChrfStatistics, options: ResolvedChrfOptions): ChrfResult {
  return {
    score: chrfScoreOf(summed, options.beta, options.epsSmoothing),
    charOrder: options.charOrder,
    wordOrder: options.wordOrder,
    beta: options.beta,
  };
}

/**
 * chrF from sufficient statistics: one row's, or a list of rows' which are summed
 * first (corpus chrF). `options` must match the ones the statistics were computed with.
 */
export function chrfFromStatistics(statistics: ChrfStatistics | readonly ChrfStatistics[], options?: ChrfOptions): ChrfResult {
  const resolved = resolveChrfOptions(options);
  const rows: readonly ChrfStatistics[] = Array.isArray(statistics) ? statistics : [statistics as ChrfStatistics];
  return computeChrf(sumChrfStatistics(rows, resolved.charOrder + resolved.wordOrder), resolved);
}
