import type { DuckDBConnection } from '@duckdb/node-api';
import type { ModelPrice } from '@assay/core';
import { toNumber } from './to-number.js';

/** The prices the store set (the `model_prices` table), by model name. */
export async function readModelPrices(connection: DuckDBConnection): Promise<ModelPrice[]> {
  const result = await connection.runAndReadAll('SELECT model, input_per_million_tokens, output_per_million_tokens FROM model_prices ORDER BY model');
  return result.getRows().map(([model, input, output]) => ({
    model: String(model),
    inputPerMillionTokens: toNumber(input),
    outputPerMillionTokens: toNumber(output),
  }));
}
