import { DuckDBListValue, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
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
  'v.version_key, v.model_key, m.name, v.version, v.creation_time, v.last_updated_time, v.current_stage, v.description, v.source, v.run_id, v.run_link, v.status, v.status_message, v.tags_json';

// The aliases of a page's models, in one statement (one text, so it is prepared once); the table holds a few rows per model.
const ALIASES = 'SELECT model_key, version, alias FROM registered_model_aliases WHERE model_key IN (SELECT unnest($1::BIGINT[])) ORDER BY alias';

function toModelVersion(row: DuckDBValue[]): { modelKey: number; modelVersion: ModelVersion } {
  const [, modelKey, name, version, created, updated, stage, description, source, runId, runLink, status, statusMessage, tags] = row;
  return {
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
      // Kept in step with model_version_tags by every write of a version's tags (schema 11).
      tags: tags === null ? {} : (JSON.parse(String(tags)) as Record<string, string>),
      aliases: [],
    },
  };
}

/** Versions from their rows (tags included), with their aliases: one query for all of them. */
async function withAliases(connection: DuckDBConnection, rows: readonly DuckDBValue[][]): Promise<ModelVersion[]> {
  const byModelVersion = new Map<string, ModelVersion>();
  const modelKeys = new Set<number>();
  const versions = rows.map((row) => {
    const { modelKey, modelVersion } = toModelVersion(row);
    byModelVersion.set(`${modelKey}/${modelVersion.version}`, modelVersion);
    modelKeys.add(modelKey);
    return modelVersion;
  });
  if (versions.length === 0) return versions;
  const aliases = await readPrepared(connection, ALIASES, [listValue([...modelKeys].map(BigInt))]);
  for (const [modelKey, version, alias] of aliases.getRows()) {
    byModelVersion.get(`${toNumber(modelKey)}/${toNumber(version)}`)?.aliases.push(String(alias));
  }
  return versions;
}

/** Reads model versions with their tags and aliases: two queries (the rows, their models' aliases), whatever the number of versions. */
export async function readModelVersions(connection: DuckDBConnection, { where, values, joins = '', suffix = '' }: ModelVersionSelection): Promise<ModelVersion[]> {
  const result = await connection.runAndReadAll(
    `SELECT ${COLUMNS} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key ${joins} WHERE ${where} ${suffix}`,
    values,
  );
  return withAliases(connection, result.getRows());
}

// A single version reads its aliases in the same statement; a page reads them apart (ALIASES), as a
// correlated subquery would be joined to every matching version before the LIMIT.
const COLUMNS_WITH_ALIASES = `${COLUMNS}, (SELECT list(a2.alias ORDER BY a2.alias) FROM registered_model_aliases a2 WHERE a2.model_key = v.model_key AND a2.version = v.version)`;

function withOwnAliases(row: DuckDBValue[]): ModelVersion {
  const { modelVersion } = toModelVersion(row);
  const aliases = row[14];
  if (aliases instanceof DuckDBListValue) modelVersion.aliases.push(...aliases.items.map(String));
  return modelVersion;
}

const VERSION_BY_NUMBER = `SELECT ${COLUMNS_WITH_ALIASES} FROM registered_models m JOIN model_versions v ON v.model_key = m.model_key WHERE m.name = $1 AND v.version = $2`;

const VERSION_BY_ALIAS = `SELECT ${COLUMNS_WITH_ALIASES} FROM registered_models m
  JOIN registered_model_aliases a ON a.model_key = m.model_key
  JOIN model_versions v ON v.model_key = a.model_key AND v.version = a.version
  WHERE m.name = $1 AND a.alias = $2`;

/** One model version, in one query; NotFoundError for an unknown model or version. */
export async function readModelVersion(connection: DuckDBConnection, { name, version }: { name: string; version: number }): Promise<ModelVersion> {
  const rows = (await readPrepared(connection, VERSION_BY_NUMBER, [name, version])).getRows();
  if (rows.length === 0) await requireVersionKey(connection, name, version); // throws the NotFoundError that says what exists
  return withOwnAliases(rows[0]!);
}

/** The version an alias points at, in one query; NotFoundError for an unknown model or alias. */
export async function readModelVersionByAlias(connection: DuckDBConnection, { name, alias }: { name: string; alias: string }): Promise<ModelVersion> {
  const rows = (await readPrepared(connection, VERSION_BY_ALIAS, [name, alias])).getRows();
  if (rows.length === 0) return readModelVersion(connection, { name, version: await resolveModelAlias(connection, { name, alias }) });
  return withOwnAliases(rows[0]!);
}
