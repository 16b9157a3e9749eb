import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { LifecycleStage, Run, RunData, RunInfo, RunStatus } from '@assay/core';
import { decodeSummary } from '../summary/run-summary.js';
import { toNumber } from './to-number.js';

const RUN_COLUMNS =
  'r.run_id, r.run_name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage, r.parent_run_id, r.summary';

/** Which runs readRuns reads: SQL over the `runs` table, aliased `r`. */
export interface RunSelection {
  /** The WHERE condition, with `$n` placeholders only. */
  where: string;
  /** The placeholders' values. */
  values: DuckDBValue[];
}

/** Reads runs with their data (from each row's summary: no other table is read), without their dataset inputs. */
export async function readRuns(connection: DuckDBConnection, { where, values }: RunSelection): Promise<Run[]> {
  const result = await connection.runAndReadAll(`SELECT ${RUN_COLUMNS} FROM runs r WHERE ${where}`, values);
  return result.getRows().map(
    ([runId, runName, experimentId, userId, status, startTime, endTime, artifactUri, lifecycleStage, parentRunId, summary]): Run => {
      const info: RunInfo = {
        runId: String(runId),
        runName: String(runName),
        experimentId: String(experimentId),
        userId: String(userId),
        status: String(status) as RunStatus,
        startTime: toNumber(startTime),
        artifactUri: String(artifactUri),
        lifecycleStage: String(lifecycleStage) as LifecycleStage,
      };
      if (endTime !== null && endTime !== undefined) info.endTime = toNumber(endTime);
      if (parentRunId !== null && parentRunId !== undefined) info.parentRunId = String(parentRunId);
      const { params, tags, metrics } = decodeSummary(String(summary));
      const data: RunData = {
        params,
        tags,
        metrics: Object.fromEntries(Object.entries(metrics).map(([key, point]) => [key, point[0]])),
      };
      return { info, data };
    },
  );
}
