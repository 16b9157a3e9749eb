import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '@assay/core';
import { toNumber } from './to-number.js';

/** Throws NotFoundError unless a trace has this id. */
export async function requireTrace(connection: DuckDBConnection, { traceId }: { traceId: string }): Promise<void> {
  const found = await connection.runAndReadAll('SELECT count(*) FROM traces WHERE trace_id = $1', [String(traceId)]);
  if (toNumber(found.getRows()[0]?.[0] ?? 0) === 0) throw new NotFoundError(`Trace '${traceId}' not found. Check the trace id.`);
}
