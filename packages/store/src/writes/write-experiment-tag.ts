import type { DuckDBConnection } from '@duckdb/node-api';
import { requireExperiment } from '../queries/require-experiment.js';

/**
 * Sets one tag of an experiment (active or deleted), or removes it when
 * `value` is undefined. The tag is already validated. NotFoundError for an
 * unknown id. Runs inside the caller's transaction.
 */
export async function writeExperimentTag(
  connection: DuckDBConnection,
  { experimentId, key, value }: { experimentId: string; key: string; value: string | undefined },
): Promise<void> {
  await requireExperiment(connection, { experimentId });
  await connection.run('DELETE FROM experiment_tags WHERE experiment_id = $1 AND key = $2', [experimentId, key]);
  if (value !== undefined) await connection.run('INSERT INTO experiment_tags VALUES ($1, $2, $3)', [experimentId, key, value]);
}
