/**
 * chrF's sufficient statistics for one prediction (or, summed, for a corpus). Each
 * list has one entry per order: character orders 1..charOrder, then word orders
 * 1..wordOrder (sacrebleu's flat `[hyp, ref, match] * order` list, unflattened).
 */
export interface ChrfStatistics {
  /** Prediction n-grams (0 for an order the reference has no n-gram of, as in sacrebleu). */
  hypothesisNgrams: number[];
  /** Reference n-grams. */
  referenceNgrams: number[];
  /** Matching n-grams: the size of the multiset intersection. */
  matchingNgrams: number[];
}

const EPSILON = 1e-16;

/**
 * sacrebleu 2.6's `CHRF._compute_f_score` on one statistics object (0-100). The
 * operations run in Python's order so that every bit agrees.
 */
export function chrfScoreOf(statistics: ChrfStatistics, beta: number, epsSmoothing: boolean): number {
  const { hypothesisNgrams, referenceNgrams, matchingNgrams } = statistics;
  const order = hypothesisNgrams.length;
  const factor = beta ** 2;
  let score = 0;
  let effectiveOrder = 0;
  let averagePrecision = 0;
  let averageRecall = 0;
  for (let index = 0; index < order; index += 1) {
    const hypothesisCount = hypothesisNgrams[index]!;
    const referenceCount = referenceNgrams[index]!;
    const matchCount = matchingNgrams[index]!;
    const precision = hypothesisCount > 0 ? matchCount / hypothesisCount : EPSILON;
    const recall = referenceCount > 0 ? matchCount / referenceCount : EPSILON;
    if (epsSmoothing) {
      const denominator = factor * precision + recall;
      score += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : EPSILON;
    }
    if (hypothesisCount > 0 && referenceCount > 0) {
      averagePrecision += precision;
      averageRecall += recall;
      effectiveOrder += 1;
    }
  }
  if (epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) return 0;
  averagePrecision /= effectiveOrder;
  averageRecall /= effectiveOrder;
  if (averagePrecision + averageRecall === 0) return 0;
  return 100 * (((1 + factor) * averagePrecision * averageRecall) / (factor * averagePrecision + averageRecall));
}

