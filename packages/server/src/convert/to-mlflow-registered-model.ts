import type { z } from '@hono/zod-openapi';
import type { ModelVersion, RegisteredModel } from '@assay/core';
import type { modelVersionJson, registeredModelJson } from '../schemas/mlflow-registry-entities.js';
import { recordToKeyValues } from '../schemas/mlflow-fields.js';

/** A model version as MLflow's JSON (`version` a string, empty fields left out). */
export function toMlflowModelVersion(version: ModelVersion): z.infer<typeof modelVersionJson> {
  const tags = recordToKeyValues(version.tags);
  return {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.creationTimestamp,
    last_updated_timestamp: version.lastUpdatedTimestamp,
    current_stage: version.currentStage,
    ...(version.description !== undefined ? { description: version.description } : {}),
    source: version.source,
    ...(version.runId !== undefined ? { run_id: version.runId } : {}),
    ...(version.runLink !== undefined ? { run_link: version.runLink } : {}),
    status: version.status,
    ...(version.statusMessage !== undefined ? { status_message: version.statusMessage } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(version.aliases.length > 0 ? { aliases: [...version.aliases] } : {}),
  };
}

/** A registered model as MLflow's JSON: its aliases as `[{alias, version}]` sorted by alias, its latest version per stage. */
export function toMlflowRegisteredModel(model: RegisteredModel): z.infer<typeof registeredModelJson> {
  const tags = recordToKeyValues(model.tags);
  const aliases = Object.keys(model.aliases)
    .sort()
    .map((alias) => ({ alias, version: String(model.aliases[alias]) }));
  return {
    name: model.name,
    creation_timestamp: model.creationTimestamp,
    last_updated_timestamp: model.lastUpdatedTimestamp,
    ...(model.description !== undefined ? { description: model.description } : {}),
    ...(model.latestVersions.length > 0 ? { latest_versions: model.latestVersions.map(toMlflowModelVersion) } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    // An Assay extension, sent only when set: MLflow's clients ignore the field.
    ...(model.protected ? { protected: true } : {}),
  };
}
