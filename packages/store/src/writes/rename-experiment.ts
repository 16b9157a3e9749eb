import type { DuckDBConnection } from '@duckdb/node-api';
import { AlreadyExistsError } from '@assay/core';
import { requireExperiment } from '../queries/require-experiment.js';

/**
 * Renames an experiment (name already validated); NotFoundError for an
 * unknown id, AlreadyExistsError when another experiment has the name. Runs
 * inside the caller's transaction.
 */
export async function renameExperiment(connection: DuckDBConnection, { experimentId, name }: { experimentId: string; name: string }): Promise<void> {
  await requireExperiment(connection, { experimentId });
  const taken = await connection.runAndReadAll('SELECT experiment_id FROM experiments WHERE name = $1', [name]);
  const owner = taken.getRows()[0]?.[0];
  if (owner !== undefined && String(owner) !== experimentId) throw new AlreadyExistsError(`Experiment '${name}' already exists.`);
  await connection.run('UPDATE experiments SET name = $1, last_update_time = $2 WHERE experiment_id = $3', [name, Date.now(), experimentId]);
}
