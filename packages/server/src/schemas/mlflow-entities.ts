import { z } from '@hono/zod-openapi';
import { doubleOut, keyValue, runStatus } from './mlflow-fields.js';

// MLflow's entities as its server returns them: snake_case, int64 as JSON
// numbers, enums by name, empty lists left out.

/** An experiment (`mlflow.Experiment`). */
export const experimentJson = z
  .object({
    experiment_id: z.string(),
    name: z.string(),
    artifact_location: z.string(),
    lifecycle_stage: z.enum(['active', 'deleted']),
    last_update_time: z.number().int(),
    creation_time: z.number().int(),
    tags: z.array(keyValue).optional(),
  })
  .openapi('Experiment');

/** One point of a metric (`mlflow.Metric`); `timestamp` and `step` are left out of a run's latest values. */
export const metricJson = z
  .object({
    key: z.string(),
    value: doubleOut,
    timestamp: z.number().int().optional(),
    step: z.number().int().optional(),
  })
  .openapi('Metric');

/** What identifies a run (`mlflow.RunInfo`). */
export const runInfoJson = z
  .object({
    run_id: z.string(),
    run_uuid: z.string().openapi({ deprecated: true }),
    run_name: z.string(),
    experiment_id: z.string(),
    user_id: z.string(),
    status: runStatus,
    start_time: z.number().int(),
    end_time: z.number().int().optional(),
    artifact_uri: z.string(),
    lifecycle_stage: z.enum(['active', 'deleted']),
  })
  .openapi('RunInfo');

/** What a run logged (`mlflow.RunData`): the latest value of each metric, params and tags. */
export const runDataJson = z
  .object({
    metrics: z.array(metricJson).optional(),
    params: z.array(keyValue).optional(),
    tags: z.array(keyValue).optional(),
  })
  .openapi('RunData');

/** A dataset a run used (`mlflow.Dataset`); `schema` and `profile` are JSON strings. */
export const datasetJson = z
  .object({
    name: z.string(),
    digest: z.string(),
    version: z.number().int().optional().openapi({ description: "Assay's version of the dataset (not in MLflow's protocol; its clients ignore it)" }),
    source_type: z.string(),
    source: z.string(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  })
  .openapi('Dataset');

/** What a run consumed (`mlflow.RunInputs`). */
export const runInputsJson = z
  .object({
    dataset_inputs: z.array(z.object({ tags: z.array(keyValue).optional(), dataset: datasetJson })).optional(),
  })
  .openapi('RunInputs');

/** A run (`mlflow.Run`). */
export const runJson = z.object({ info: runInfoJson, data: runDataJson, inputs: runInputsJson }).openapi('Run');

/** One entry of an artifact listing (`mlflow.FileInfo`). */
export const fileInfoJson = z
  .object({
    path: z.string(),
    is_dir: z.boolean(),
    file_size: z.number().int().optional(),
  })
  .openapi('FileInfo');
