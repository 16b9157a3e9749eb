import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { ModelPrice } from '@assay/core';

/** Adds or replaces validated prices inside the caller's transaction. */
export async function setModelPrices(connection: DuckDBConnection, prices: readonly ModelPrice[]): Promise<void> {
  for (const price of prices) {
    await connection.run(
      `INSERT INTO model_prices VALUES ($1, $2, $3) ON CONFLICT (model) DO UPDATE SET
        input_per_million_tokens = excluded.input_per_million_tokens, output_per_million_tokens = excluded.output_per_million_tokens`,
      [price.model, price.inputPerMillionTokens, price.outputPerMillionTokens],
    );
  }
}

/** Removes the store's prices of these (lower-cased) model names inside the caller's transaction. */
export async function deleteModelPrices(connection: DuckDBConnection, models: readonly string[]): Promise<void> {
  if (models.length === 0) return;
  await connection.run('DELETE FROM model_prices WHERE model IN (SELECT unnest($1))', [listValue([...models])]);
}
