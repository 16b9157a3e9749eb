/** What a model costs per token, in US dollars (one entry of the model price table). */
export interface ModelPrice {
  /**
   * The model's name as its provider reports it, lower case, e.g. `gpt-4o-mini`.
   * It also prices longer names that start with it followed by `-`, `:` or `@`
   * (`gpt-4o-mini-2024-07-18`); the longest such entry wins.
   */
  model: string;
  /** US dollars per 1,000,000 input (prompt) tokens. */
  inputPerMillionTokens: number;
  /** US dollars per 1,000,000 output (completion) tokens. */
  outputPerMillionTokens: number;
}

/** A price as the store applies it, with where it comes from. */
export interface ListedModelPrice extends ModelPrice {
  /** `built-in`: Assay's table (see MODEL_PRICES_SOURCE); `store`: set with setModelPrices, overriding a built-in price of the same model if any. */
  origin: 'built-in' | 'store';
}
