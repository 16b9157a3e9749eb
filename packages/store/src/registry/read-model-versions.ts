import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ModelVersion, ModelVersionStage, ModelVersionStatus } from '@assay/core';
import { readPrepared } from '../duckdb/prepared-statements.js';
import { toNumber } from '../queries/to-number.js';
import { requireVersionKey } from './require-registry-entity.js';
import { resolveModelAlias } from './write-model-version.js';

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

// The tags and aliases of a page of versions in one statement (one text, so it is prepared once).
// The BETWEEN bounds let DuckDB's zone maps skip the tag rows of other versions: tags are written
// with their version, whose key only grows, so they lie in key order but for tags set later.
const TAGS_AND_ALIASES = `
  SELECT version_key, NULL::BIGINT AS model_key, NULL::INTEGER AS version, key, value FROM model_version_tags
  WHERE version_key BETWEEN $2::BIGINT AND $3::BIGINT AND version_key IN (SELECT unnest($1::BIGINT[]))
  UNION ALL
  SELECT NULL, model_key, version, alias, NULL FROM registered_model_aliases WHERE model_key IN (SELECT unnest($4::BIGINT[]))
  ORDER BY key`;

function toModelVersion(row: DuckDBValue[]): { versionKey: number; modelKey: number; modelVersion: ModelVersion } {
  const [versionKey, modelKey, name, version, created, updated, stage, description, source, runId, runLink, status, statusMessage] = row;
  return {
    versionKey: toNumber(versionKey),
    modelKey: toNumber(modelKey),
    modelVersion: {
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
    },
  };
}

/** Fills in the tags and aliases of versions read by their rows: one query for all of them. */
async function attachTagsAndAliases(connection: DuckDBConnection, rows: readonly DuckDBValue[][]): Promise<ModelVersion[]> {
  const byKey = new Map<number, ModelVersion>();
  const byModelVersion = new Map<string, ModelVersion>();
  const modelKeys = new Set<number>();
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  const versions = rows.map((row) => {
    const { versionKey, modelKey, modelVersion } = toModelVersion(row);
    byKey.set(versionKey, modelVersion);
    byModelVersion.set(`${modelKey}/${modelVersion.version}`, modelVersion);
    modelKeys.add(modelKey);
    lowest = Math.min(lowest, versionKey);
    highest = Math.max(highest, versionKey);
    return modelVersion;
  });
  if (versions.length === 0) return versions;
  const attached = await readPrepared(connection, TAGS_AND_ALIASES, [
    listValue([...byKey.keys()].map(BigInt)),
    BigInt(lowest),
    BigInt(highest),
    listValue([...modelKeys].map(BigInt)),
  ]);
  for (const [versionKey, modelKey, version, key, value] of attached.getRows()) {
    if (versionKey !== null) {
      const tagged = byKey.get(toNumber(versionKey));
      if (tagged) tagged.tags[String(key)] = String(value);
    } else {
      byModelVersion.get(`${toNumber(modelKey)}/${toNumber(version)}`)?.aliases.push(String(key));
    }
  }
  return versions;
}

/** Reads model versions with their tags and aliases: two queries, whatever the number of versions. */
export async function readModelVersions(connection: DuckDBConnection, { where, values, joins = '', suffix = '' }: ModelVersionSelection): Promise<ModelVersion[]> {
  const result = await connection.runAndReadAll(
    `SELECT ${COLUMNS} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key ${joins} WHERE ${where} ${suffix}`,
    values,
  );
  return attachTagsAndAliases(connection, result.getRows());
}

const VERSION_BY_NUMBER = `SELECT ${COLUMNS} FROM registered_models m JOIN model_versions v ON v.model_key = m.model_key WHERE m.name = $1 AND v.version = $2`;

const VERSION_BY_ALIAS = `SELECT ${COLUMNS} FROM registered_models m
  JOIN registered_model_aliases a ON a.model_key = m.model_key
  JOIN model_versions v ON v.model_key = a.model_key AND v.version = a.version
  WHERE m.name = $1 AND a.alias = $2`;

/** One model version; NotFoundError for an unknown model or version. */
export async function readModelVersion(connection: DuckDBConnection, { name, version }: { name: string; version: number }): Promise<ModelVersion> {
  const rows = (await readPrepared(connection, VERSION_BY_NUMBER, [name, version])).getRows();
  if (rows.length === 0) await requireVersionKey(connection, name, version); // throws the NotFoundError that says what exists
  return (await attachTagsAndAliases(connection, rows))[0]!;
}

/** The version an alias points at; NotFoundError for an unknown model or alias. */
export async function readModelVersionByAlias(connection: DuckDBConnection, { name, alias }: { name: string; alias: string }): Promise<ModelVersion> {
  const rows = (await readPrepared(connection, VERSION_BY_ALIAS, [name, alias])).getRows();
  if (rows.length === 0) return readModelVersion(connection, { name, version: await resolveModelAlias(connection, { name, alias }) });
  return (await attachTagsAndAliases(connection, rows))[0]!;
}
