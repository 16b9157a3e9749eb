import { InvalidParameterError } from '@assay/core';
import { resolveBleuOptions, type BleuOptions, type ResolvedBleuOptions } from './bleu-options.js';
import type { BleuStatistics } from './bleu-statistics.js';

/** A BLEU score with the figures sacrebleu reports beside it. */
export interface BleuResult {
  /** BLEU on a 0-100 scale, like sacrebleu. */
  score: number;
  /** Per order: the (smoothed) n-gram precision, 0-100. */
  precisions: number[];
  /** The brevity penalty. */
  bp: number;
  /** `sysLen / refLen` (0 when `refLen` is 0). */
  ratio: number;
  /** Total prediction tokens. */
  sysLen: number;
  /** Total closest-reference tokens. */
  refLen: number;
  /** Per order: matched n-grams (plus the smoothing value for orders > 1 with `'add-k'`). */
  counts: number[];
  /** Per order: prediction n-grams (plus the smoothing value for orders > 1 with `'add-k'`). */
  totals: number[];
}

/** sacrebleu's `my_log`: a huge negative number instead of -Infinity for 0. */
function myLog(value: number): number {
  return value === 0 ? -9999999999 : Math.log(value);
}

/** Adds up rows' statistics. */
export function sumBleuStatistics(rows: readonly BleuStatistics[], maxNgramOrder: number): BleuStatistics {
  const counts = new Array<number>(maxNgramOrder).fill(0);
  const totals = new Array<number>(maxNgramOrder).fill(0);
  let sysLen = 0;
  let refLen = 0;
  for (const row of rows) {
    if (row.counts.length !== maxNgramOrder || row.totals.length !== maxNgramOrder) {
      throw new InvalidParameterError(
        `BLEU: statistics have ${row.counts.length} counts and ${row.totals.length} totals but maxNgramOrder is ${maxNgramOrder}; ` +
          'compute them with the same maxNgramOrder.',
      );
    }
    sysLen += row.sysLen;
    refLen += row.refLen;
    for (let order = 0; order < maxNgramOrder; order += 1) {
      counts[order] = counts[order]! + row.counts[order]!;
      totals[order] = totals[order]! + row.totals[order]!;
    }
  }
  return { sysLen, refLen, counts, totals };
}

/**
 * BLEU from sufficient statistics (sacrebleu 2.6's `BLEU.compute_bleu`): one row's,
 * or a list of rows' which are summed first (corpus BLEU). `options` must match
 * the ones the statistics were computed with; `effectiveOrder` defaults to `false`.
 */
export function bleuFromStatistics(statistics: BleuStatistics | readonly BleuStatistics[], options?: BleuOptions): BleuResult {
  const resolved = resolveBleuOptions(options, false);
  const rows: readonly BleuStatistics[] = Array.isArray(statistics) ? statistics : [statistics as BleuStatistics];
  return computeBleu(sumBleuStatistics(rows, resolved.maxNgramOrder), resolved);
}

/** sacrebleu's `compute_bleu` on summed statistics (`summed` is left unchanged). */
export function computeBleu(summed: BleuStatistics, options: ResolvedBleuOptions): BleuResult {
  const { smoothMethod, smoothValue, effectiveOrder, maxNgramOrder } = options;
  const { sysLen, refLen } = summed;
  const counts = summed.counts.slice();
  const totals = summed.totals.slice();

  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const ratio = refLen !== 0 ? sysLen / refLen : 0;
  const precisions = new Array<number>(maxNgramOrder).fill(0);

  if (counts.every((count) => count === 0)) {
    return { score: 0, precisions, bp, ratio, sysLen, refLen, counts, totals };
  }

  let smoothMteval = 1;
  let order = maxNgramOrder;
  for (let n = 1; n <= maxNgramOrder; n += 1) {
    if (smoothMethod === 'add-k' && n > 1) {
      counts[n - 1] = counts[n - 1]! + smoothValue!;
      totals[n - 1] = totals[n - 1]! + smoothValue!;
    }
    const total = totals[n - 1]!;
    const count = counts[n - 1]!;
    if (total === 0) break;
    if (effectiveOrder) order = n;
    if (count === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total);
      } else if (smoothMethod === 'floor') {
        precisions[n - 1] = (100 * smoothValue!) / total;
      }
    } else {
      precisions[n - 1] = (100 * count) / total;
    }
  }

  // Summed left to right like Python's sum(), so the last bits agree too.
  let logSum = 0;
  for (let n = 0; n < order; n += 1) logSum += myLog(precisions[n]!);
  const score = bp * Math.exp(logSum / order);
  return { score, precisions, bp, ratio, sysLen, refLen, counts, totals };
}
