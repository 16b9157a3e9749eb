import type { ModelPrice } from '../entities/model-price.js';

/** When the built-in prices were taken from the providers' pages. */
export const MODEL_PRICES_AS_OF = '2026-03';

/** Where the built-in prices come from, and what they leave out. */
export const MODEL_PRICES_SOURCE =
  'List prices per 1M tokens (standard tier, no batch or prompt-cache discounts, prompts up to 200k tokens) from ' +
  'openai.com/api/pricing, docs.anthropic.com/en/docs/about-claude/pricing and ai.google.dev/gemini-api/docs/pricing.';

/**
 * Assay's model price table: US dollars per 1,000,000 tokens. Each name also
 * prices its dated snapshots (`gpt-4o-mini-2024-07-18`, `claude-3-5-sonnet-20241022`);
 * a snapshot priced differently from its family has its own entry. A store
 * overrides or extends it with setModelPrices.
 */
export const BUILT_IN_MODEL_PRICES: readonly ModelPrice[] = [
  // OpenAI
  { model: 'gpt-5', inputPerMillionTokens: 1.25, outputPerMillionTokens: 10 },
  { model: 'gpt-5-mini', inputPerMillionTokens: 0.25, outputPerMillionTokens: 2 },
  { model: 'gpt-5-nano', inputPerMillionTokens: 0.05, outputPerMillionTokens: 0.4 },
  { model: 'gpt-4.1', inputPerMillionTokens: 2, outputPerMillionTokens: 8 },
  { model: 'gpt-4.1-mini', inputPerMillionTokens: 0.4, outputPerMillionTokens: 1.6 },
  { model: 'gpt-4.1-nano', inputPerMillionTokens: 0.1, outputPerMillionTokens: 0.4 },
  { model: 'gpt-4o', inputPerMillionTokens: 2.5, outputPerMillionTokens: 10 },
  { model: 'gpt-4o-2024-05-13', inputPerMillionTokens: 5, outputPerMillionTokens: 15 },
  { model: 'chatgpt-4o-latest', inputPerMillionTokens: 5, outputPerMillionTokens: 15 },
  { model: 'gpt-4o-mini', inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
  { model: 'o1', inputPerMillionTokens: 15, outputPerMillionTokens: 60 },
  { model: 'o1-mini', inputPerMillionTokens: 1.1, outputPerMillionTokens: 4.4 },
  { model: 'o3', inputPerMillionTokens: 2, outputPerMillionTokens: 8 },
  { model: 'o3-mini', inputPerMillionTokens: 1.1, outputPerMillionTokens: 4.4 },
  { model: 'o4-mini', inputPerMillionTokens: 1.1, outputPerMillionTokens: 4.4 },
  { model: 'gpt-4-turbo', inputPerMillionTokens: 10, outputPerMillionTokens: 30 },
  { model: 'gpt-4-1106-preview', inputPerMillionTokens: 10, outputPerMillionTokens: 30 },
  { model: 'gpt-4-0125-preview', inputPerMillionTokens: 10, outputPerMillionTokens: 30 },
  { model: 'gpt-4', inputPerMillionTokens: 30, outputPerMillionTokens: 60 },
  { model: 'gpt-3.5-turbo', inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 },
  { model: 'text-embedding-3-small', inputPerMillionTokens: 0.02, outputPerMillionTokens: 0 },
  { model: 'text-embedding-3-large', inputPerMillionTokens: 0.13, outputPerMillionTokens: 0 },
  { model: 'text-embedding-ada-002', inputPerMillionTokens: 0.1, outputPerMillionTokens: 0 },
  // Anthropic
  { model: 'claude-opus-4-1', inputPerMillionTokens: 15, outputPerMillionTokens: 75 },
  { model: 'claude-opus-4', inputPerMillionTokens: 15, outputPerMillionTokens: 75 },
  { model: 'claude-sonnet-4-5', inputPerMillionTokens: 3, outputPerMillionTokens: 15 },
  { model: 'claude-sonnet-4', inputPerMillionTokens: 3, outputPerMillionTokens: 15 },
  { model: 'claude-haiku-4-5', inputPerMillionTokens: 1, outputPerMillionTokens: 5 },
  { model: 'claude-3-7-sonnet', inputPerMillionTokens: 3, outputPerMillionTokens: 15 },
  { model: 'claude-3-5-sonnet', inputPerMillionTokens: 3, outputPerMillionTokens: 15 },
  { model: 'claude-3-5-haiku', inputPerMillionTokens: 0.8, outputPerMillionTokens: 4 },
  { model: 'claude-3-opus', inputPerMillionTokens: 15, outputPerMillionTokens: 75 },
  { model: 'claude-3-haiku', inputPerMillionTokens: 0.25, outputPerMillionTokens: 1.25 },
  // Google (Gemini API)
  { model: 'gemini-2.5-pro', inputPerMillionTokens: 1.25, outputPerMillionTokens: 10 },
  { model: 'gemini-2.5-flash', inputPerMillionTokens: 0.3, outputPerMillionTokens: 2.5 },
  { model: 'gemini-2.5-flash-lite', inputPerMillionTokens: 0.1, outputPerMillionTokens: 0.4 },
  { model: 'gemini-2.0-flash', inputPerMillionTokens: 0.1, outputPerMillionTokens: 0.4 },
  { model: 'gemini-2.0-flash-lite', inputPerMillionTokens: 0.075, outputPerMillionTokens: 0.3 },
  { model: 'gemini-1.5-pro', inputPerMillionTokens: 1.25, outputPerMillionTokens: 5 },
  { model: 'gemini-1.5-flash', inputPerMillionTokens: 0.075, outputPerMillionTokens: 0.3 },
];
