import { validateCorpusInputs } from '../text/validate-metric-inputs.js';
import { computeBleu, sumBleuStatistics, type BleuResult } from './bleu-from-statistics.js';
import { resolveBleuOptions, type BleuOptions } from './bleu-options.js';
import { sharedBleuStatisticsCounter } from './bleu-statistics.js';

/**
 * Corpus BLEU, identical to sacrebleu 2.6's `BLEU().corpus_score` (13a tokenizer,
 * case-sensitive, order 4, `exp` smoothing, effective order off by default).
 *
 * `references[i]` is the list of references of `predictions[i]`; rows may have
 * different numbers of references (sacrebleu's "no reference" padding: a row is
 * scored against its own references only; `''` is a real, empty reference).
 * An empty corpus scores 0.
 */
export function corpusBleu(predictions: readonly string[], references: readonly (readonly string[])[], options?: BleuOptions): BleuResult {
  validateCorpusInputs('BLEU', predictions, references);
  const resolved = resolveBleuOptions(options, false);
  const count = sharedBleuStatisticsCounter(resolved);
  const rows = predictions.map((prediction, index) => count(prediction, references[index]!));
  return computeBleu(sumBleuStatistics(rows, resolved.maxNgramOrder), resolved);
}
