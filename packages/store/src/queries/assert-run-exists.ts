import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '@assay/core';
import { toNumber } from './to-number.js';

/** Throws NotFoundError unless a run (active or deleted) has this id. */
export async function assertRunExists(connection: DuckDBConnection, { runId }: { runId: string }): Promise<void> {
  const found = await connection.runAndReadAll('SELECT count(*) FROM runs WHERE run_id = $1', [String(runId)]);
  if (toNumber(found.getRows()[0]?.[0] ?? 0) === 0) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
}
