import type { DuckDBConnection } from '@duckdb/node-api';
import { requireExperiment } from '../queries/require-experiment.js';
import { forgetActiveExperiments } from './active-experiments.js';

/**
 * Soft-deletes an experiment and its active runs, stamping them with the same
 * time so that restoreExperiment can tell them from runs deleted on their
 * own. NotFoundError for an unknown id. Runs inside the caller's transaction.
 */
export async function deleteExperiment(connection: DuckDBConnection, { experimentId }: { experimentId: string }): Promise<void> {
  await requireExperiment(connection, { experimentId });
  const now = Date.now();
  forgetActiveExperiments(connection, experimentId);
  await connection.run(`UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = $1 WHERE experiment_id = $2`, [now, experimentId]);
  await connection.run(
    `UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = $1 WHERE experiment_id = $2 AND lifecycle_stage = 'active'`,
    [now, experimentId],
  );
}
