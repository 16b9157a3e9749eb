import { InvalidParameterError } from '@assay/core';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/**
 * Checks one prediction and its references, as sentence-level metrics take them.
 * Throws an {@link InvalidParameterError} that says what is wrong and how to fix it.
 */
export function validateSentenceInputs(metric: string, prediction: unknown, references: unknown): asserts references is readonly string[] {
  if (typeof prediction !== 'string') {
    throw new InvalidParameterError(`${metric}: the prediction is ${describe(prediction)}; pass a string (use '' for an empty output).`);
  }
  validateReferenceList(metric, references, 'references');
}

function validateReferenceList(metric: string, references: unknown, label: string): void {
  if (typeof references === 'string') {
    throw new InvalidParameterError(`${metric}: ${label} is a string; pass a list of reference strings, e.g. [${JSON.stringify(references.slice(0, 20))}].`);
  }
  if (!Array.isArray(references)) {
    throw new InvalidParameterError(`${metric}: ${label} is ${describe(references)}; pass a list of reference strings.`);
  }
  if (references.length === 0) {
    throw new InvalidParameterError(`${metric}: ${label} is an empty list; every prediction needs at least one reference (use [''] for an empty reference).`);
  }
  for (let index = 0; index < references.length; index += 1) {
    const reference: unknown = references[index];
    if (typeof reference !== 'string') {
      throw new InvalidParameterError(`${metric}: ${label}[${index}] is ${describe(reference)}; every reference must be a string.`);
    }
  }
}

/**
 * Checks corpus-level inputs: `predictions` a list of strings and `references[i]`
 * the non-empty list of reference strings of `predictions[i]`.
 * Throws an {@link InvalidParameterError} that says what is wrong and how to fix it.
 */
export function validateCorpusInputs(
  metric: string,
  predictions: unknown,
  references: unknown,
): asserts references is readonly (readonly string[])[] {
  if (!Array.isArray(predictions)) {
    throw new InvalidParameterError(`${metric}: predictions is ${describe(predictions)}; pass a list of prediction strings.`);
  }
  if (!Array.isArray(references)) {
    throw new InvalidParameterError(
      `${metric}: references is ${describe(references)}; pass one list of references per prediction, e.g. [['the reference']].`,
    );
  }
  if (predictions.length !== references.length) {
    throw new InvalidParameterError(
      `${metric}: got ${predictions.length} predictions but ${references.length} reference lists; ` +
        'references[i] must be the list of references of predictions[i], so pass one list per prediction.',
    );
  }
  for (let index = 0; index < predictions.length; index += 1) {
    const prediction: unknown = predictions[index];
    if (typeof prediction !== 'string') {
      throw new InvalidParameterError(`${metric}: predictions[${index}] is ${describe(prediction)}; every prediction must be a string (use '' for an empty output).`);
    }
    validateReferenceList(metric, references[index], `references[${index}]`);
  }
}
