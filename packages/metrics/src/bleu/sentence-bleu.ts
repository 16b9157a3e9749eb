import { validateSentenceInputs } from '../text/validate-metric-inputs.js';
import { computeBleu, type BleuResult } from './bleu-from-statistics.js';
import { resolveBleuOptions, type BleuOptions } from './bleu-options.js';
import { sharedBleuStatisticsCounter } from './bleu-statistics.js';

/**
 * Sentence BLEU, identical to sacrebleu 2.6's `sentence_bleu(prediction, references)`:
 * BLEU of one row with effective order on by default (orders without any n-gram
 * are left out of the mean) and `exp` smoothing.
 */
export function sentenceBleu(prediction: string, references: readonly string[], options?: BleuOptions): BleuResult {
  validateSentenceInputs('BLEU', prediction, references);
  const resolved = resolveBleuOptions(options, true);
  return computeBleu(sharedBleuStatisticsCounter(resolved)(prediction, references), resolved);
}
