import type { DuckDBConnection } from '@duckdb/node-api';
import { requireExperiment } from '../queries/require-experiment.js';

/**
 * Makes a deleted experiment active again with the runs its deletion took
 * along (a no-op for an active one). NotFoundError for an unknown id. Runs
 * inside the caller's transaction.
 */
export async function restoreExperiment(connection: DuckDBConnection, { experimentId }: { experimentId: string }): Promise<void> {
  const experiment = await requireExperiment(connection, { experimentId });
  if (experiment.lifecycleStage !== 'deleted') return;
  // Restore the runs the delete took with it (same timestamp), not runs deleted on their own before.
  await connection.run(`UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = $1 AND deleted_time = $2`, [
    experimentId,
    experiment.lastUpdateTime,
  ]);
  await connection.run(`UPDATE experiments SET lifecycle_stage = 'active', last_update_time = $1 WHERE experiment_id = $2`, [Date.now(), experimentId]);
}
