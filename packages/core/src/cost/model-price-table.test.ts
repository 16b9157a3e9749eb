import { describe, expect, it } from 'vitest';
import { createModelPriceTable } from './model-price-table.js';
import { BUILT_IN_MODEL_PRICES, MODEL_PRICES_AS_OF, MODEL_PRICES_SOURCE } from './model-prices.js';

describe('ModelPriceTable', () => {
  const table = createModelPriceTable();
  const priced = (model: string): string | undefined => table.priceOf(model)?.model;

  it('matches a name exactly, else the longest entry it starts with followed by -, : or @', () => {
    expect(priced('gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(priced('gpt-4o-mini-2024-07-18')).toBe('gpt-4o-mini');
    expect(priced('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(priced('gpt-4o-2024-05-13')).toBe('gpt-4o-2024-05-13');
    expect(priced('gpt-4-turbo-2024-04-09')).toBe('gpt-4-turbo');
    expect(priced('gpt-4-0613')).toBe('gpt-4');
    expect(priced('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet');
    expect(priced('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(priced('claude-3-5-haiku@20241022')).toBe('claude-3-5-haiku');
    expect(priced('gemini-2.5-flash-lite-preview-06-17')).toBe('gemini-2.5-flash-lite');
  });

  it('ignores case and a provider path, and never matches inside a word', () => {
    expect(priced('GPT-4o-Mini')).toBe('gpt-4o-mini');
    expect(priced('models/gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(priced('openai/gpt-4.1-mini-2025-04-14')).toBe('gpt-4.1-mini');
    expect(priced('gpt-45')).toBeUndefined();
    expect(priced('o3x')).toBeUndefined();
    expect(priced('my-private-model')).toBeUndefined();
    expect(priced('')).toBeUndefined();
  });

  it('costs usage in US dollars per million tokens, and nothing without a model or a price', () => {
    const cost = table.costOf({ inputTokens: 2_000_000, outputTokens: 500_000, totalTokens: 2_500_000 }, 'gpt-4o');
    expect(cost).toEqual({ inputCost: 5, outputCost: 5, totalCost: 10 });
    expect(table.costOf({ inputTokens: 1, outputTokens: 1, totalTokens: 2 }, undefined)).toBeUndefined();
    expect(table.costOf({ inputTokens: 1, outputTokens: 1, totalTokens: 2 }, 'house-blend')).toBeUndefined();
  });

  it('lets overrides replace and extend the built-in prices, listed first', () => {
    const overridden = createModelPriceTable({
      overrides: [
        { model: 'gpt-4o', inputPerMillionTokens: 1, outputPerMillionTokens: 2 },
        { model: 'House-Blend', inputPerMillionTokens: 3, outputPerMillionTokens: 4 },
      ],
    });
    expect(overridden.priceOf('gpt-4o-2024-08-06')).toMatchObject({ inputPerMillionTokens: 1, outputPerMillionTokens: 2 });
    expect(overridden.priceOf('house-blend-v2')).toMatchObject({ model: 'house-blend', inputPerMillionTokens: 3 });
    expect(overridden.priceOf('gpt-4o-mini')).toMatchObject({ inputPerMillionTokens: 0.15 });
    const listed = overridden.list();
    expect(listed.slice(0, 2).map((price) => [price.model, price.origin])).toEqual([
      ['gpt-4o', 'store'],
      ['house-blend', 'store'],
    ]);
    expect(listed).toHaveLength(BUILT_IN_MODEL_PRICES.length + 1);
    expect(table.priceOf('gpt-4o')).toMatchObject({ inputPerMillionTokens: 2.5 });
  });

  it('ships a dated, sourced table of distinct lower-case names with plausible prices', () => {
    expect(MODEL_PRICES_AS_OF).toMatch(/^\d{4}-\d{2}$/u);
    expect(MODEL_PRICES_SOURCE).toMatch(/openai\.com.*anthropic\.com.*ai\.google\.dev/u);
    const names = BUILT_IN_MODEL_PRICES.map((price) => price.model);
    expect(new Set(names).size).toBe(names.length);
    for (const price of BUILT_IN_MODEL_PRICES) {
      expect(price.model).toBe(price.model.toLowerCase());
      expect(price.inputPerMillionTokens).toBeGreaterThan(0);
      expect(price.outputPerMillionTokens).toBeGreaterThanOrEqual(0);
      expect(price.outputPerMillionTokens).toBeLessThan(200);
    }
  });
});
