import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ModelVersion, ModelVersionStage, ModelVersionStatus } from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { requireVersionKey } from './require-registry-entity.js';

/** Which versions readModelVersions reads: SQL over `model_versions v` joined to `registered_models m`. */
export interface ModelVersionSelection {
  /** The WHERE condition, with `$n` placeholders only. */
  where: string;
  values: DuckDBValue[];
  /** JOINs for the ORDER BY, if any. */
  joins?: string;
  /** QUALIFY, ORDER BY, LIMIT and OFFSET, if any. */
  suffix?: string;
}

const COLUMNS =
  'v.version_key, v.model_key, m.name, v.version, v.creation_time, v.last_updated_time, v.current_stage, v.description, v.source, v.run_id, v.run_link, v.status, v.status_message';

/** Reads model versions with their tags and aliases. */
export async function readModelVersions(connection: DuckDBConnection, { where, values, joins = '', suffix = '' }: ModelVersionSelection): Promise<ModelVersion[]> {
  const result = await connection.runAndReadAll(
    `SELECT ${COLUMNS} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key ${joins} WHERE ${where} ${suffix}`,
    values,
  );
  const byKey = new Map<number, ModelVersion>();
  const byModelVersion = new Map<string, ModelVersion>();
  const versions = result.getRows().map((row): ModelVersion => {
    const [versionKey, modelKey, name, version, created, updated, stage, description, source, runId, runLink, status, statusMessage] = row;
    const modelVersion: ModelVersion = {
      name: String(name),
      version: toNumber(version),
      creationTimestamp: toNumber(created),
      lastUpdatedTimestamp: toNumber(updated),
      currentStage: String(stage) as ModelVersionStage,
      ...(description !== null ? { description: String(description) } : {}),
      source: String(source),
      ...(runId !== null ? { runId: String(runId) } : {}),
      ...(runLink !== null ? { runLink: String(runLink) } : {}),
      status: String(status) as ModelVersionStatus,
      ...(statusMessage !== null ? { statusMessage: String(statusMessage) } : {}),
      tags: {},
      aliases: [],
    };
    byKey.set(toNumber(versionKey), modelVersion);
    byModelVersion.set(`${toNumber(modelKey)}/${modelVersion.version}`, modelVersion);
    return modelVersion;
  });
  if (versions.length === 0) return versions;
  const tags = await connection.runAndReadAll('SELECT version_key, key, value FROM model_version_tags WHERE version_key IN (SELECT unnest($1)) ORDER BY key', [
    listValue([...byKey.keys()]),
  ]);
  for (const [versionKey, key, value] of tags.getRows()) {
    const version = byKey.get(toNumber(versionKey));
    if (version) version.tags[String(key)] = String(value);
  }
  const modelKeys = [...new Set([...byModelVersion.keys()].map((key) => Number(key.split('/')[0])))];
  const aliases = await connection.runAndReadAll(
    'SELECT model_key, version, alias FROM registered_model_aliases WHERE model_key IN (SELECT unnest($1)) ORDER BY alias',
    [listValue(modelKeys)],
  );
  for (const [modelKey, version, alias] of aliases.getRows()) {
    byModelVersion.get(`${toNumber(modelKey)}/${toNumber(version)}`)?.aliases.push(String(alias));
  }
  return versions;
}

/** One model version; NotFoundError for an unknown model or version. */
export async function readModelVersion(connection: DuckDBConnection, { name, version }: { name: string; version: number }): Promise<ModelVersion> {
  const { versionKey } = await requireVersionKey(connection, name, version);
  return (await readModelVersions(connection, { where: 'v.version_key = $1', values: [versionKey] }))[0]!;
}
