import { InvalidParameterError } from '@assay/core';
import { checkPrediction, describeValue, parseReferences, parseRougeTypes, parseUseStemmer } from './parse-rouge-options.js';
import { rougeEncoder, type EncodedText } from './rouge-encoder.js';
import type { RougeBatchResult, RougeOptions, RougeScores } from './rouge-types.js';
import { scoreRouge } from './score-rouge.js';

/**
 * ROUGE for many rows at once: `rows[i]` scores `predictions[i]` against
 * `references[i]` (its own list; rows may have different numbers of
 * references) exactly as `rouge()`, and `mean` is the plain arithmetic mean
 * per type (not rouge-score's bootstrap aggregator). Each text is tokenized
 * once and shared by every type.
 *
 * @throws InvalidParameterError when the lists differ in length or a row is invalid.
 */
export function rougeBatch(
  predictions: readonly string[],
  references: readonly (readonly string[])[],
  options: RougeOptions = {},
): RougeBatchResult {
  const caller = 'rougeBatch()';
  if (!Array.isArray(predictions)) {
    throw new InvalidParameterError(`${caller}: predictions must be a list of strings, got ${describeValue(predictions)}.`);
  }
  if (!Array.isArray(references)) {
    throw new InvalidParameterError(
      `${caller}: references must be a list with one list of reference texts per prediction, got ${describeValue(references)}.`,
    );
  }
  if (predictions.length !== references.length) {
    throw new InvalidParameterError(
      `${caller}: ${predictions.length} predictions but ${references.length} reference lists. ` +
        'Pass one list of references per prediction (references[i] belongs to predictions[i]).',
    );
  }
  const types = parseRougeTypes(options.types, caller);
  const encoder = rougeEncoder(parseUseStemmer(options.useStemmer, caller));
  const rows: RougeScores[] = new Array<RougeScores>(predictions.length);
  const sums = types.map(() => ({ precision: 0, recall: 0, fmeasure: 0 }));
  const encodedReferences: EncodedText[] = [];
  for (let row = 0; row < predictions.length; row += 1) {
    const prediction = predictions[row];
    checkPrediction(prediction, caller, `predictions[${row}]`);
    const referenceTexts = parseReferences(references[row], caller, `references[${row}]`);
    encoder.beginRow();
    const encodedPrediction = encoder.encode(prediction);
    encodedReferences.length = 0;
    for (const reference of referenceTexts) encodedReferences.push(encoder.encode(reference));
    const scores = scoreRouge(encodedPrediction, encodedReferences, types, encoder.vocabularySize);
    rows[row] = scores;
    for (let type = 0; type < types.length; type += 1) {
      const value = scores[types[type]!.name]!;
      const sum = sums[type]!;
      sum.precision += value.precision;
      sum.recall += value.recall;
      sum.fmeasure += value.fmeasure;
    }
  }
  const count = predictions.length;
  const mean: RougeScores = {};
  for (let type = 0; type < types.length; type += 1) {
    const sum = sums[type]!;
    mean[types[type]!.name] =
      count === 0
        ? { precision: 0, recall: 0, fmeasure: 0 }
        : { precision: sum.precision / count, recall: sum.recall / count, fmeasure: sum.fmeasure / count };
  }
  return { rows, mean };
}
