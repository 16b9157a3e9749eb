import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError, type Experiment } from '@assay/core';
import { readExperiments } from './read-experiments.js';

/** Reads one experiment (active or deleted); NotFoundError for an unknown id. */
export async function requireExperiment(connection: DuckDBConnection, { experimentId }: { experimentId: string }): Promise<Experiment> {
  const [experiment] = await readExperiments(connection, { where: 'e.experiment_id = $1', values: [String(experimentId)] });
  if (!experiment) throw new NotFoundError(`Experiment with id '${experimentId}' not found.`);
  return experiment;
}
