import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Experiment, LifecycleStage } from '@assay/core';
import { toNumber } from './to-number.js';

const EXPERIMENT_COLUMNS = 'e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time';

/** Which experiments readExperiments reads: SQL over the `experiments` table, aliased `e`. */
export interface ExperimentSelection {
  /** The WHERE condition, with `$n` placeholders only. */
  where: string;
  /** The placeholders' values. */
  values: DuckDBValue[];
  /** JOINs for the ORDER BY, if any. */
  joins?: string;
  /** ORDER BY, LIMIT and OFFSET, if any. */
  suffix?: string;
}

/** Reads experiments with their tags. */
export async function readExperiments(connection: DuckDBConnection, { where, values, joins = '', suffix = '' }: ExperimentSelection): Promise<Experiment[]> {
  const result = await connection.runAndReadAll(`SELECT ${EXPERIMENT_COLUMNS} FROM experiments e ${joins} WHERE ${where} ${suffix}`, values);
  const experiments = result.getRows().map(
    ([experimentId, name, artifactLocation, lifecycleStage, creationTime, lastUpdateTime]): Experiment => ({
      experimentId: String(experimentId),
      name: String(name),
      artifactLocation: String(artifactLocation),
      lifecycleStage: String(lifecycleStage) as LifecycleStage,
      creationTime: toNumber(creationTime),
      lastUpdateTime: toNumber(lastUpdateTime),
      tags: {},
    }),
  );
  if (experiments.length === 0) return experiments;
  const byId = new Map(experiments.map((experiment) => [experiment.experimentId, experiment]));
  const tags = await connection.runAndReadAll(
    'SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (SELECT unnest($1))',
    [listValue([...byId.keys()])],
  );
  for (const [experimentId, key, value] of tags.getRows()) {
    const experiment = byId.get(String(experimentId));
    if (experiment) experiment.tags[String(key)] = String(value);
  }
  return experiments;
}
