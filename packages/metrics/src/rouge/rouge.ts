import { checkPrediction, parseReferences, parseRougeTypes, parseUseStemmer } from './parse-rouge-options.js';
import { rougeEncoder } from './rouge-encoder.js';
import type { RougeOptions, RougeScores } from './rouge-types.js';
import { scoreRouge } from './score-rouge.js';

/**
 * ROUGE of `prediction` against its reference(s), identical to Google's
 * rouge-score 0.1.2 (`RougeScorer(types, use_stemmer).score()`, or
 * `score_multi()` with several references: per type, the reference with the
 * highest F-measure, the first on ties). Default types: rouge1, rouge2, rougeL,
 * rougeLsum (which splits lines on `\n` only).
 *
 * @example rouge('the cat sat', ['a cat sat down']).rougeL // { precision, recall, fmeasure }
 * @throws InvalidParameterError on a non-string prediction, no references or an unknown type.
 */
export function rouge(prediction: string, references: string | readonly string[], options: RougeOptions = {}): RougeScores {
  const caller = 'rouge()';
  checkPrediction(prediction, caller);
  const referenceTexts = parseReferences(references, caller);
  const types = parseRougeTypes(options.types, caller);
  const encoder = rougeEncoder(parseUseStemmer(options.useStemmer, caller));
  encoder.beginRow();
  const encodedPrediction = encoder.encode(prediction);
  const encodedReferences = referenceTexts.map((reference) => encoder.encode(reference));
  return scoreRouge(encodedPrediction, encodedReferences, types, encoder.vocabularySize);
}
