import { validateCorpusInputs, validateSentenceInputs } from '../text/validate-metric-inputs.js';
import { computeChrf, sumChrfStatistics, type ChrfResult } from './chrf-from-statistics.js';
import { resolveChrfOptions, type ChrfOptions } from './chrf-options.js';
import { sharedChrfStatisticsCounter } from './chrf-statistics.js';

/**
 * Corpus chrF, identical to sacrebleu 2.6's `CHRF().corpus_score` (character order 6,
 * word order 0, beta 2, whitespace removed, effective-order averaging): the rows'
 * statistics are summed, then one F-score is computed.
 *
 * `references[i]` is the list of references of `predictions[i]`; rows may have
 * different numbers of references. An empty corpus scores 0.
 */
export function corpusChrf(predictions: readonly string[], references: readonly (readonly string[])[], options?: ChrfOptions): ChrfResult {
  validateCorpusInputs('chrF', predictions, references);
  const resolved = resolveChrfOptions(options);
  const count = sharedChrfStatisticsCounter(resolved);
  const rows = predictions.map((prediction, index) => count(prediction, references[index]!));
  return computeChrf(sumChrfStatistics(rows, resolved.charOrder + resolved.wordOrder), resolved);
}

/** Sentence chrF, identical to sacrebleu 2.6's `sentence_chrf(prediction, references)`. */
export function sentenceChrf(prediction: string, references: readonly string[], options?: ChrfOptions): ChrfResult {
  validateSentenceInputs('chrF', prediction, references);
  const resolved = resolveChrfOptions(options);
  return computeChrf(sharedChrfStatisticsCounter(resolved)(prediction, references), resolved);
}
