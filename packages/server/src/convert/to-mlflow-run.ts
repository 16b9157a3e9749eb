import type { z } from '@hono/zod-openapi';
import type { Metric, Run, RunInfo, RunInputs } from '@assay/core';
import type { metricJson, runInfoJson, runInputsJson, runJson } from '../schemas/mlflow-entities.js';
import { recordToKeyValues, toWireDouble } from '../schemas/mlflow-fields.js';

/** A run's info as MLflow's JSON (`run_uuid` repeats `run_id`, as MLflow still sends it). */
export function toMlflowRunInfo(info: RunInfo): z.infer<typeof runInfoJson> {
  return {
    run_id: info.runId,
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    ...(info.endTime !== undefined ? { end_time: info.endTime } : {}),
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
  };
}

/** One metric point (or, without timestamp and step, a run's latest value) as MLflow's JSON. */
export function toMlflowMetric(metric: Pick<Metric, 'key' | 'value'> & Partial<Metric>): z.infer<typeof metricJson> {
  return {
    key: metric.key,
    value: toWireDouble(metric.value),
    ...(metric.timestamp !== undefined ? { timestamp: metric.timestamp } : {}),
    ...(metric.step !== undefined ? { step: metric.step } : {}),
  };
}

function toMlflowRunInputs(inputs: RunInputs | undefined): z.infer<typeof runInputsJson> {
  if (inputs === undefined || inputs.datasetInputs.length === 0) return {};
  return {
    dataset_inputs: inputs.datasetInputs.map(({ dataset, tags }) => ({
      ...(tags.length > 0 ? { tags } : {}),
      dataset: {
        name: dataset.name,
        digest: dataset.digest,
        version: dataset.version,
        source_type: dataset.sourceType,
        source: dataset.source,
        // MLflow's shapes for a table: the UI reads `mlflow_colspec` and `num_rows`.
        schema: JSON.stringify({ mlflow_colspec: dataset.schema.map((column) => ({ name: column.name, type: column.type })) }),
        profile: JSON.stringify({ num_rows: dataset.profile.numRows }),
      },
    })),
  };
}

/**
 * A run as MLflow's JSON. A run's latest metric values carry no timestamp
 * or step here: the Store keeps only the latest value per key in a run
 * (the full points are in metrics/get-history).
 */
export function toMlflowRun(run: Run): z.infer<typeof runJson> {
  const metrics = Object.keys(run.data.metrics)
    .sort()
    .map((key) => toMlflowMetric({ key, value: run.data.metrics[key]! }));
  const params = recordToKeyValues(run.data.params);
  const tags = recordToKeyValues(run.data.tags);
  return {
    info: toMlflowRunInfo(run.info),
    data: {
      ...(metrics.length > 0 ? { metrics } : {}),
      ...(params.length > 0 ? { params } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    },
    inputs: toMlflowRunInputs(run.inputs),
  };
}
