import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError, type Run } from '@assay/core';
import { attachRunInputs } from './attach-run-inputs.js';
import { readRuns } from './read-runs.js';

/** One run (active or deleted) with its data and dataset inputs; NotFoundError for an unknown id. */
export async function readRun(connection: DuckDBConnection, { runId }: { runId: string }): Promise<Run> {
  const [run] = await attachRunInputs(connection, await readRuns(connection, { where: 'r.run_id = $1', values: [String(runId)] }));
  if (!run) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
  return run;
}
