import type { DuckDBConnection } from '@duckdb/node-api';
import type { LifecycleStage } from '@assay/core';
import { assertRunExists } from '../queries/assert-run-exists.js';

/** Soft-deletes or restores one run; NotFoundError for an unknown id. Runs inside the caller's transaction. */
export async function setRunLifecycle(connection: DuckDBConnection, { runId, stage }: { runId: string; stage: LifecycleStage }): Promise<void> {
  await assertRunExists(connection, { runId });
  await connection.run('UPDATE runs SET lifecycle_stage = $1, deleted_time = $2 WHERE run_id = $3', [
    stage,
    stage === 'deleted' ? Date.now() : null,
    String(runId),
  ]);
}
