/**
 * Distribution-free statistics for paired benchmark rounds: the median of
 * per-pair ratios with a confidence interval from order statistics (the
 * interval the sign test inverts), and the sign test itself. No assumption
 * about the shape of the noise, which on a busy 2-core machine is anything
 * but normal.
 */
import { median } from './report.js';

function binomialCdf(k: number, n: number): number {
  // P(X <= k) for X ~ Binomial(n, 1/2)
  let sum = 0;
  let term = Math.pow(0.5, n);
  for (let index = 0; index <= k; index += 1) {
    sum += term;
    term = (term * (n - index)) / (index + 1);
  }
  return Math.min(1, sum);
}

/** A median with its confidence interval. */
export interface MedianInterval {
  median: number;
  low: number;
  high: number;
  /** The interval's actual coverage (≥ the level asked for, or less when there are too few values). */
  confidence: number;
  count: number;
}

/**
 * The median of `values` and a distribution-free interval for it: the
 * k-th smallest and k-th largest values, with the largest k whose coverage
 * 1 - 2·P(Bin(n, ½) ≤ k-1) is still ≥ `level`. With too few values for the
 * level (n < 6 for 95%), the whole range and its lower coverage.
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let k = 1;
  while (k + 1 <= n / 2 && 1 - 2 * binomialCdf(k, n) >= level) k += 1;
  const confidence = n === 0 ? 0 : 1 - 2 * binomialCdf(k - 1, n);
  return { median: n === 0 ? Number.NaN : median(sorted), low: sorted[k - 1] ?? Number.NaN, high: sorted[n - k] ?? Number.NaN, confidence, count: n };
}

/** Two-sided sign test of "the values' median is `center`": counts above and below, and the p-value. */
export function signTest(values: readonly number[], center = 1): { above: number; below: number; p: number } {
  const above = values.filter((value) => value > center).length;
  const below = values.filter((value) => value < center).length;
  const n = above + below;
  const p = n === 0 ? 1 : Math.min(1, 2 * binomialCdf(Math.min(above, below), n));
  return { above, below, p };
}
