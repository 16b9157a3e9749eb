import type { ListedModelPrice, ModelPrice } from '../entities/model-price.js';
import type { Cost, TokenUsage } from '../entities/trace.js';
import { BUILT_IN_MODEL_PRICES } from './model-prices.js';

const SEPARATORS = new Set(['-', ':', '@']);
const TOKENS_PER_PRICE_UNIT = 1_000_000;
// Model names repeat (one per LLM call): remember each one's answer, up to a bound.
const LOOKUP_CACHE_LIMIT = 10_000;

/** Options of createModelPriceTable. */
export interface CreateModelPriceTableOptions {
  /** Prices that replace (same model) or extend the built-in table, e.g. the ones a store keeps. */
  overrides?: readonly ModelPrice[];
}

/**
 * The prices a store applies: Assay's built-in table with a store's
 * overrides on top. Lookups are by model name, case-insensitive, ignoring a
 * provider path before the last `/` (`models/gemini-2.5-pro`): the exact name,
 * else the longest entry the name starts with followed by `-`, `:` or `@`.
 */
export class ModelPriceTable {
  private readonly prices = new Map<string, ListedModelPrice>();
  private readonly lookups = new Map<string, ModelPrice | null>();

  constructor({ overrides = [] }: CreateModelPriceTableOptions = {}) {
    for (const price of BUILT_IN_MODEL_PRICES) this.prices.set(price.model, { ...price, origin: 'built-in' });
    for (const price of overrides) this.prices.set(price.model.toLowerCase(), { ...price, model: price.model.toLowerCase(), origin: 'store' });
  }

  /** Every price, the store's first, each group by model name. */
  list(): ListedModelPrice[] {
    const origin = (price: ListedModelPrice): number => (price.origin === 'store' ? 0 : 1);
    return [...this.prices.values()].sort((left, right) => origin(left) - origin(right) || left.model.localeCompare(right.model));
  }

  /** The price of a model name, or undefined when no entry matches it. */
  priceOf(model: string): ModelPrice | undefined {
    const known = this.lookups.get(model);
    if (known !== undefined) return known ?? undefined;
    const lowered = model.trim().toLowerCase();
    const slash = lowered.lastIndexOf('/');
    const found = this.match(lowered) ?? (slash === -1 ? undefined : this.match(lowered.slice(slash + 1)));
    if (this.lookups.size >= LOOKUP_CACHE_LIMIT) this.lookups.clear();
    this.lookups.set(model, found ?? null);
    return found;
  }

  /** What `usage` cost with `model`'s price; undefined without a model or a price for it. */
  costOf(usage: TokenUsage, model: string | undefined): Cost | undefined {
    if (model === undefined) return undefined;
    const price = this.priceOf(model);
    if (price === undefined) return undefined;
    const inputCost = (usage.inputTokens * price.inputPerMillionTokens) / TOKENS_PER_PRICE_UNIT;
    const outputCost = (usage.outputTokens * price.outputPerMillionTokens) / TOKENS_PER_PRICE_UNIT;
    return { inputCost, outputCost, totalCost: inputCost + outputCost };
  }

  /** The exact entry, else the longest entry that is the name cut at a separator. */
  private match(name: string): ModelPrice | undefined {
    const exact = this.prices.get(name);
    if (exact !== undefined) return exact;
    for (let end = name.length - 1; end > 0; end--) {
      if (!SEPARATORS.has(name[end]!)) continue;
      const price = this.prices.get(name.slice(0, end));
      if (price !== undefined) return price;
    }
    return undefined;
  }
}

/** The built-in table with optional overrides (see ModelPriceTable). */
export function createModelPriceTable(options: CreateModelPriceTableOptions = {}): ModelPriceTable {
  return new ModelPriceTable(options);
}
