import type { ModelVersion, ModelVersionStage, ModelVersionStatus, RegisteredModel } from '@assay/core';
import type { KeyValueJson } from './from-mlflow-json.js';

// The server's model registry JSON (MLflow's: versions as strings, empty
// fields left out) as the RegistryStore's entities.

export interface ModelVersionJson {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: ModelVersionStage;
  description?: string;
  source: string;
  run_id?: string;
  run_link?: string;
  status: ModelVersionStatus;
  status_message?: string;
  tags?: KeyValueJson[];
  aliases?: string[];
}

export interface RegisteredModelJson {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions?: ModelVersionJson[];
  tags?: KeyValueJson[];
  aliases?: { alias: string; version: string }[];
  /** Assay's extension: sent only when true. */
  protected?: boolean;
}

function toRecord(pairs: readonly KeyValueJson[] | undefined): Record<string, string> {
  return Object.fromEntries((pairs ?? []).map(({ key, value }) => [key, value]));
}

/** A model version from the wire. */
export function toModelVersion(json: ModelVersionJson): ModelVersion {
  return {
    name: json.name,
    version: Number(json.version),
    creationTimestamp: json.creation_timestamp,
    lastUpdatedTimestamp: json.last_updated_timestamp,
    currentStage: json.current_stage,
    ...(json.description !== undefined && json.description !== '' ? { description: json.description } : {}),
    source: json.source,
    ...(json.run_id !== undefined && json.run_id !== '' ? { runId: json.run_id } : {}),
    ...(json.run_link !== undefined && json.run_link !== '' ? { runLink: json.run_link } : {}),
    status: json.status,
    ...(json.status_message !== undefined && json.status_message !== '' ? { statusMessage: json.status_message } : {}),
    tags: toRecord(json.tags),
    aliases: [...(json.aliases ?? [])].sort(),
  };
}

/** A registered model from the wire. */
export function toRegisteredModel(json: RegisteredModelJson): RegisteredModel {
  return {
    name: json.name,
    creationTimestamp: json.creation_timestamp,
    lastUpdatedTimestamp: json.last_updated_timestamp,
    ...(json.description !== undefined && json.description !== '' ? { description: json.description } : {}),
    latestVersions: (json.latest_versions ?? []).map(toModelVersion),
    tags: toRecord(json.tags),
    aliases: Object.fromEntries((json.aliases ?? []).map(({ alias, version }) => [alias, Number(version)])),
    protected: json.protected === true,
  };
}
