import type { DuckDBConnection } from '@duckdb/node-api';
import type { ValidReadDatasetRows } from '@assay/core';
import { readDataset } from './read-dataset.js';

/** A page of one dataset version's rows, in their original order. */
export async function readDatasetRows(connection: DuckDBConnection, input: ValidReadDatasetRows): Promise<Record<string, unknown>[]> {
  const { limit, offset } = input;
  const info = await readDataset(connection, input);
  // Row indexes are dense from 0, so the offset is a range condition, not a scan-and-skip.
  const result = await connection.runAndReadAll(
    'SELECT row::VARCHAR FROM dataset_rows WHERE name = $1 AND version = $2 AND row_index >= $3 ORDER BY row_index LIMIT $4',
    [info.name, info.version, offset, limit],
  );
  return result.getRows().map(([text]) => JSON.parse(String(text)) as Record<string, unknown>);
}
