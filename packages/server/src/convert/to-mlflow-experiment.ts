import type { z } from '@hono/zod-openapi';
import type { Experiment } from '@assay/core';
import type { experimentJson } from '../schemas/mlflow-entities.js';
import { recordToKeyValues } from '../schemas/mlflow-fields.js';

/** An experiment as MLflow's JSON. */
export function toMlflowExperiment(experiment: Experiment): z.infer<typeof experimentJson> {
  const tags = recordToKeyValues(experiment.tags);
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
    ...(tags.length > 0 ? { tags } : {}),
  };
}
