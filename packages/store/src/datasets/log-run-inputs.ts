import type { DuckDBConnection } from '@duckdb/node-api';
import { InvalidParameterError, NotFoundError, type ValidLogRunInputs } from '@assay/core';
import { readDataset } from './read-dataset.js';
import { toNumber } from '../queries/to-number.js';

/**
 * Records dataset inputs of a run, skipping ones already recorded with the
 * same context. Runs inside the caller's transaction.
 */
export async function logRunInputs(connection: DuckDBConnection, { runId, inputs }: ValidLogRunInputs): Promise<void> {
  const run = await connection.runAndReadAll('SELECT lifecycle_stage FROM runs WHERE run_id = $1', [runId]);
  const stage = run.getRows()[0]?.[0];
  if (stage === undefined) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
  if (String(stage) !== 'active') throw new InvalidParameterError(`Run '${runId}' is deleted; restore it (restoreRun) before logging to it.`);
  for (const input of inputs) {
    const context = input.context;
    const info = await readDataset(connection, { name: input.datasetName, version: input.datasetVersion });
    const existing = await connection.runAndReadAll(
      'SELECT count(*) FROM run_inputs WHERE run_id = $1 AND dataset_name = $2 AND dataset_version = $3 AND context IS NOT DISTINCT FROM $4',
      [runId, info.name, info.version, context ?? null],
    );
    if (toNumber(existing.getRows()[0]?.[0]) > 0) continue;
    await connection.run(
      `INSERT INTO run_inputs (run_id, dataset_name, dataset_digest, context, dataset_version, run_key)
       SELECT $1, $2, $3, $4, $5, run_key FROM runs WHERE run_id = $1`,
      [runId, info.name, info.digest, context ?? null, info.version],
    );
  }
}
