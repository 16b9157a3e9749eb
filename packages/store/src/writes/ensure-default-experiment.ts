import type { DuckDBConnection } from '@duckdb/node-api';
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME } from '@assay/core';
import { PROXY_ARTIFACT_SCHEME } from '../artifacts/local-artifact-repository.js';

/** Creates the Default experiment (id `'0'`) unless it exists. */
export async function ensureDefaultExperiment(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `INSERT INTO experiments SELECT $1, $2, $3, 'active', $4, $4 WHERE NOT EXISTS (SELECT 1 FROM experiments WHERE experiment_id = $1)`,
    [DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, `${PROXY_ARTIFACT_SCHEME}/${DEFAULT_EXPERIMENT_ID}`, Date.now()],
  );
}
