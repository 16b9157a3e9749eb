import type { DuckDBConnection } from '@duckdb/node-api';
import { requireTrace } from '../queries/require-trace.js';

/**
 * Sets one tag of a trace, or removes it when `value` is undefined. The tag
 * is already validated. NotFoundError for an unknown trace id. Runs inside
 * the caller's transaction.
 */
export async function writeTraceTag(
  connection: DuckDBConnection,
  { traceId, key, value }: { traceId: string; key: string; value: string | undefined },
): Promise<void> {
  await requireTrace(connection, { traceId });
  await connection.run('DELETE FROM trace_tags WHERE trace_id = $1 AND key = $2', [traceId, key]);
  if (value !== undefined) await connection.run('INSERT INTO trace_tags VALUES ($1, $2, $3)', [traceId, key, value]);
}
