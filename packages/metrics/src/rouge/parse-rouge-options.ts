import { InvalidParameterError } from '@assay/core';
import { DEFAULT_ROUGE_TYPES } from './rouge-types.js';
import type { ParsedRougeType } from './score-rouge.js';

/** What a value is, for error messages: `a number (3)`, `undefined`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
}

const ROUGE_N = /^rouge([0-9])$/;
const TYPE_HINT = "Use 'rouge1' to 'rouge9', 'rougeL' or 'rougeLsum'.";

/** Validates `options.types` (default: rouge1, rouge2, rougeL, rougeLsum); duplicates are computed once. */
export function parseRougeTypes(types: unknown, caller: string): ParsedRougeType[] {
  const requested = types === undefined ? DEFAULT_ROUGE_TYPES : types;
  if (!Array.isArray(requested)) {
    throw new InvalidParameterError(`${caller}: options.types must be an array of ROUGE types, got ${describeValue(requested)}. ${TYPE_HINT}`);
  }
  if (requested.length === 0) {
    throw new InvalidParameterError(
      `${caller}: options.types is empty. List at least one ROUGE type, or leave it out for all four (rouge1, rouge2, rougeL, rougeLsum).`,
    );
  }
  const parsed: ParsedRougeType[] = [];
  const seen = new Set<string>();
  for (const type of requested as unknown[]) {
    if (typeof type !== 'string') {
      throw new InvalidParameterError(`${caller}: options.types holds ${describeValue(type)}, not a ROUGE type name. ${TYPE_HINT}`);
    }
    if (seen.has(type)) continue;
    seen.add(type);
    if (type === 'rougeL') parsed.push({ name: type, kind: 'lcs' });
    else if (type === 'rougeLsum') parsed.push({ name: type, kind: 'summaryLcs' });
    else {
      const match = ROUGE_N.exec(type);
      const n = match === null ? 0 : Number(match[1]);
      if (n < 1) throw new InvalidParameterError(`${caller}: unknown ROUGE type ${JSON.stringify(type)}. ${TYPE_HINT}`);
      parsed.push({ name: type, kind: 'ngram', n });
    }
  }
  return parsed;
}

/** Validates `options.useStemmer` (default false). */
export function parseUseStemmer(useStemmer: unknown, caller: string): boolean {
  if (useStemmer === undefined) return false;
  if (typeof useStemmer !== 'boolean') {
    throw new InvalidParameterError(`${caller}: options.useStemmer must be true or false, got ${describeValue(useStemmer)}.`);
  }
  return useStemmer;
}

/** Checks a prediction is a string. */
export function checkPrediction(prediction: unknown, caller: string, label = 'prediction'): asserts prediction is string {
  if (typeof prediction !== 'string') {
    throw new InvalidParameterError(
      `${caller}: ${label} must be a string, got ${describeValue(prediction)}. Pass the generated text ('' for an empty output).`,
    );
  }
}

/** Normalises one prediction's references (a string or a non-empty list of strings) to a list. */
export function parseReferences(references: unknown, caller: string, label = 'references'): readonly string[] {
  if (typeof references === 'string') return [references];
  if (!Array.isArray(references)) {
    throw new InvalidParameterError(
      `${caller}: ${label} must be a string or a list of strings, got ${describeValue(references)}.`,
    );
  }
  if (references.length === 0) {
    throw new InvalidParameterError(
      `${caller}: ${label} is an empty list. Give at least one reference text per prediction (use [''] to score against an empty reference).`,
    );
  }
  for (let index = 0; index < references.length; index += 1) {
    const reference: unknown = references[index];
    if (typeof reference !== 'string') {
      throw new InvalidParameterError(`${caller}: ${label}[${index}] must be a string, got ${describeValue(reference)}.`);
    }
  }
  return references as string[];
}
