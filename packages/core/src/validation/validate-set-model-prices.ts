import type { ModelPrice } from '../entities/model-price.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { DeleteModelPricesInput, SetModelPricesInput } from '../store/model-price-store.js';
import { describe, preview } from './validate-entity-key.js';

/** The most prices one setModelPrices call takes. */
export const MAX_MODEL_PRICES_PER_CALL = 1000;
const MODEL_NAME_LENGTH = 250;
// No model costs anywhere near this per million tokens: a larger number is a unit mistake (per token, per 1K ...).
const MAX_PRICE_PER_MILLION_TOKENS = 100_000;
// eslint-disable-next-line no-control-regex
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/u;

function checkModelName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InvalidParameterError(`${field} must be a non-empty model name, got ${describe(value)}.`);
  if (value.length > MODEL_NAME_LENGTH) {
    throw new InvalidParameterError(`${field} '${preview(value)}' is ${value.length} characters long; the limit is ${MODEL_NAME_LENGTH}.`);
  }
  if (SPACE_OR_CONTROL.test(value)) {
    throw new InvalidParameterError(`${field} '${preview(value)}' contains spaces or control characters; write the model name as the provider reports it, e.g. 'gpt-4o-mini'.`);
  }
  return value.toLowerCase();
}

function checkPrice(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidParameterError(`${field} must be a number of US dollars per 1,000,000 tokens, 0 or more, got ${describe(value)}.`);
  }
  if (value > MAX_PRICE_PER_MILLION_TOKENS) {
    throw new InvalidParameterError(
      `${field} is ${value} US dollars per 1,000,000 tokens, more than ${MAX_PRICE_PER_MILLION_TOKENS}; prices are per million tokens (e.g. 2.5 for $2.50 per 1M), not per token or per 1K.`,
    );
  }
  return value;
}

/**
 * Validates a setModelPrices input: model names (lower-cased) and prices in
 * US dollars per 1,000,000 tokens, no model twice.
 * @throws InvalidParameterError naming the first bad entry, e.g. `prices[0].inputPerMillionTokens`.
 */
export function validateSetModelPrices(input: SetModelPricesInput): ModelPrice[] {
  const prices = input?.prices;
  if (!Array.isArray(prices)) throw new InvalidParameterError(`prices must be a list of { model, inputPerMillionTokens, outputPerMillionTokens }, got ${describe(prices)}.`);
  if (prices.length > MAX_MODEL_PRICES_PER_CALL) throw new InvalidParameterError(`prices holds ${prices.length} entries; set at most ${MAX_MODEL_PRICES_PER_CALL} per call.`);
  const seen = new Set<string>();
  return prices.map((price, index) => {
    const at = `prices[${index}]`;
    if (price === null || typeof price !== 'object') throw new InvalidParameterError(`${at} must be an object { model, inputPerMillionTokens, outputPerMillionTokens }.`);
    const model = checkModelName(price.model, `${at}.model`);
    if (seen.has(model)) throw new InvalidParameterError(`${at}.model '${preview(model)}' is listed twice; give each model one price.`);
    seen.add(model);
    return {
      model,
      inputPerMillionTokens: checkPrice(price.inputPerMillionTokens, `${at}.inputPerMillionTokens`),
      outputPerMillionTokens: checkPrice(price.outputPerMillionTokens, `${at}.outputPerMillionTokens`),
    };
  });
}

/**
 * Validates a deleteModelPrices input: a list of model names (lower-cased).
 * @throws InvalidParameterError for anything else.
 */
export function validateDeleteModelPrices(input: DeleteModelPricesInput): string[] {
  const models = input?.models;
  if (!Array.isArray(models)) throw new InvalidParameterError(`models must be a list of model names, got ${describe(models)}.`);
  return models.map((model, index) => checkModelName(model, `models[${index}]`));
}
