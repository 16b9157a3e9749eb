import type { DuckDBConnection } from '@duckdb/node-api';
import type { ValidChangeNote } from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { recordRegistryEvent } from './registry-events.js';

/**
 * Cancels the pending transition requests of a model (or of one of its
 * versions) that is being deleted, each with an event, in the deletion's
 * transaction: nobody can approve a change of what no longer exists.
 */
export async function cancelPendingRequests(
  connection: DuckDBConnection,
  { modelKey, name, version }: { modelKey: number; name: string; version?: number },
  note: ValidChangeNote,
): Promise<void> {
  const cancelled = await connection.runAndReadAll(
    `UPDATE transition_requests SET status = 'CANCELLED', decided_by = $3, decided_time = $4, decision_comment = 'deleted'
     WHERE model_key = $1 AND status = 'PENDING' ${version === undefined ? 'AND $2 IS NULL' : 'AND version = $2'} RETURNING request_key, version`,
    [modelKey, version ?? null, note.actor ?? null, Date.now()],
  );
  for (const [requestKey, requestVersion] of cancelled.getRows()) {
    const change = { before: { request: toNumber(requestKey), status: 'PENDING' }, after: { request: toNumber(requestKey), status: 'CANCELLED' } };
    await recordRegistryEvent(connection, { modelKey, name, version: toNumber(requestVersion), action: 'cancel_request', ...change }, note);
  }
}
