import { InvalidParameterError } from '@assay/core';
import { checkPrediction, describeValue, parseReferences, parseUseStemmer } from './parse-rouge-options.js';
import { rougeEncoder } from './rouge-encoder.js';
import type { RougeNOptions, RougeScore } from './rouge-types.js';
import { scoreRouge } from './score-rouge.js';

/**
 * ROUGE-N (n-gram overlap) of `prediction` against its reference(s), as
 * rouge-score's `rouge{n}`; with several references the one with the highest
 * F-measure (the first on ties).
 *
 * @example rougeN('the cat sat', 'the cat sat down', 2).recall // 2 / 3
 */
export function rougeN(prediction: string, references: string | readonly string[], n: number, options: RougeNOptions = {}): RougeScore {
  const caller = 'rougeN()';
  checkPrediction(prediction, caller);
  const referenceTexts = parseReferences(references, caller);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new InvalidParameterError(`${caller}: n must be a positive integer (1 for unigrams, 2 for bigrams, ...), got ${describeValue(n)}.`);
  }
  const encoder = rougeEncoder(parseUseStemmer(options.useStemmer, caller));
  encoder.beginRow();
  const encodedPrediction = encoder.encode(prediction);
  const encodedReferences = referenceTexts.map((reference) => encoder.encode(reference));
  const name = `rouge${n}`;
  return scoreRouge(encodedPrediction, encodedReferences, [{ name, kind: 'ngram', n }], encoder.vocabularySize)[name]!;
}
