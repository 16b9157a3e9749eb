import type { DuckDBConnection } from '@duckdb/node-api';
import { AlreadyExistsError, type ValidCreateExperiment } from '@assay/core';
import { PROXY_ARTIFACT_SCHEME } from '../artifacts/local-artifact-repository.js';

/**
 * Inserts an experiment with the next free numeric id and returns the id;
 * AlreadyExistsError when the name is taken (by a deleted experiment too).
 * Runs inside the caller's transaction.
 */
export async function createExperiment(connection: DuckDBConnection, { name, artifactLocation, tags }: ValidCreateExperiment): Promise<string> {
  const taken = await connection.runAndReadAll('SELECT lifecycle_stage FROM experiments WHERE name = $1', [name]);
  const stage = taken.getRows()[0]?.[0];
  if (stage !== undefined) {
    throw new AlreadyExistsError(
      `Experiment '${name}' already exists${stage === 'deleted' ? ' (deleted: restore it, or pick another name)' : ''}.`,
    );
  }
  const next = await connection.runAndReadAll(`SELECT coalesce(max(TRY_CAST(experiment_id AS BIGINT)), 0) + 1 FROM experiments`);
  const experimentId = String(next.getRows()[0]?.[0] ?? 1);
  const now = Date.now();
  await connection.run(`INSERT INTO experiments VALUES ($1, $2, $3, 'active', $4, $4)`, [
    experimentId,
    name,
    artifactLocation ?? `${PROXY_ARTIFACT_SCHEME}/${experimentId}`,
    now,
  ]);
  for (const tag of tags) {
    await connection.run('INSERT INTO experiment_tags VALUES ($1, $2, $3)', [experimentId, tag.key, tag.value]);
  }
  return experimentId;
}
