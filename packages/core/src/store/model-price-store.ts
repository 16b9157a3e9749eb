import type { ListedModelPrice, ModelPrice } from '../entities/model-price.js';

/** Input of ModelPriceStore.setModelPrices. */
export interface SetModelPricesInput {
  /** Prices to add, or to replace (same model name, case-insensitive); at most 1,000. */
  prices: ModelPrice[];
}

/** Input of ModelPriceStore.deleteModelPrices. */
export interface DeleteModelPricesInput {
  /** Model names whose store price is removed (a built-in price of the same name applies again); unknown names are ignored. */
  models: string[];
}

/**
 * The model price table a store prices token usage with: Assay's built-in
 * table (BUILT_IN_MODEL_PRICES) and the store's own prices on top. The table
 * lives in the store, so every process writing to it, and a server's
 * clients, price spans alike. A span's cost (and its trace's) is computed
 * when the span is written: a price change applies to spans written after it.
 */
export interface ModelPriceStore {
  /**
   * Adds or replaces prices of the store's table.
   * @throws InvalidParameterError for a bad model name or price (the message names it, e.g. `prices[0].inputPerMillionTokens`).
   */
  setModelPrices(input: SetModelPricesInput): Promise<void>;
  /**
   * Removes prices the store set (built-in prices cannot be removed, only overridden).
   * @throws InvalidParameterError for a model list that is not a list of strings.
   */
  deleteModelPrices(input: DeleteModelPricesInput): Promise<void>;
  /** Every price the store applies, its own first (then the built-in ones it does not override), each group by name. */
  listModelPrices(): Promise<ListedModelPrice[]>;
}
