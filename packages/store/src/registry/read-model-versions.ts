import { DuckDBListValue, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ModelVersion, ModelVersionStage, ModelVersionStatus } from '@assay/core';
import { readPrepared, readSearchPrepared } from '../duckdb/prepared-statements.js';
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
  /**
   * Select the page's keys first, then read the page's rows by key: for a
   * page much smaller than the matching versions (an unfiltered search),
   * where ordering every version's full row costs most (on 100,000 versions,
   * ~3× the keys-first pair); a selective filter is faster in one statement.
   */
  keysFirst?: boolean;
}

const COLUMNS =
  'v.version_key, v.model_key, m.name, v.version, v.creation_time, v.last_updated_time, v.current_stage, v.description, v.source, v.run_id, v.run_link, v.status, v.status_message, v.tags_json';

// Each version's aliases, joined in the same statement as its row: on a tag search of 200 versions over
// 100,000 this cost ~0.9 ms against ~1.6 ms for a second query (bench/registry; a few rows per model).
const ALIASES_COLUMN = 'a.aliases';
const ALIASES_JOIN = `LEFT JOIN (SELECT model_key, version, list(alias ORDER BY alias) AS aliases FROM registered_model_aliases GROUP BY model_key, version) a
  ON a.model_key = v.model_key AND a.version = v.version`;

function toModelVersion(row: DuckDBValue[], aliases: readonly string[] = []): ModelVersion {
  const [, , name, version, created, updated, stage, description, source, runId, runLink, status, statusMessage, tags] = row;
  return {
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
    // Kept in step with model_version_tags by every write of a version's tags.
    tags: tags === null ? {} : (JSON.parse(String(tags)) as Record<string, string>),
    aliases: [...aliases],
  };
}

/** A row of COLUMNS followed by ALIASES_COLUMN. */
function toModelVersionWithAliases(row: DuckDBValue[]): ModelVersion {
  const aliases = row[row.length - 1];
  return toModelVersion(row, aliases instanceof DuckDBListValue ? aliases.items.map(String) : []);
}

// A page's rows by their keys (keysFirst); the BETWEEN bounds let the scan skip other keys' row groups.
const ROWS_BY_KEYS = `SELECT ${COLUMNS}, ${ALIASES_COLUMN} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key ${ALIASES_JOIN}
  WHERE v.version_key BETWEEN $2::BIGINT AND $3::BIGINT AND v.version_key IN (SELECT unnest($1::BIGINT[]))`;

/** Reads model versions with their tags and aliases: one query, or two with keysFirst. */
export async function readModelVersions(
  connection: DuckDBConnection,
  { where, values, joins = '', suffix = '', keysFirst = false }: ModelVersionSelection,
): Promise<ModelVersion[]> {
  const from = `FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key ${joins}`;
  const selection = `WHERE ${where} ${suffix}`;
  if (!keysFirst) return (await readSearchPrepared(connection, `SELECT ${COLUMNS}, ${ALIASES_COLUMN} ${from} ${ALIASES_JOIN} ${selection}`, values)).getRows().map(toModelVersionWithAliases);
  const keys = (await readSearchPrepared(connection, `SELECT v.version_key ${from} ${selection}`, values)).getRows().map(([key]) => BigInt(toNumber(key)));
  if (keys.length === 0) return [];
  let lowest = keys[0]!;
  let highest = keys[0]!;
  for (const key of keys) {
    if (key < lowest) lowest = key;
    if (key > highest) highest = key;
  }
  const rows = (await readPrepared(connection, ROWS_BY_KEYS, [listValue(keys), lowest, highest])).getRows();
  const position = new Map(keys.map((key, index) => [key, index]));
  rows.sort((a, b) => position.get(BigInt(toNumber(a[0]!)))! - position.get(BigInt(toNumber(b[0]!)))!);
  return rows.map(toModelVersionWithAliases);
}

// A single version: first its model's key and aliases (small tables), then its row by the constant
// (model_key, version), which DuckDB pushes into the scan of model_versions. Measured on 100,000
// versions (bench/registry), this pair costs about half of one statement that joins the model by
// name or lists the aliases in a correlated subquery (DuckDB joins those to a whole scan).
const MODEL_AND_ALIASES = `SELECT m.model_key, a.alias, a.version FROM registered_models m
  LEFT JOIN registered_model_aliases a ON a.model_key = m.model_key WHERE m.name = $1`; // unordered: sorting a few aliases here is cheaper than DuckDB's ORDER BY (~0.3 ms)

const VERSION_ROW = `SELECT ${COLUMNS.replace('m.name', '$3::VARCHAR')} FROM model_versions v WHERE v.model_key = $1 AND v.version = $2`;

async function readOneVersion(
  connection: DuckDBConnection,
  name: string,
  versionOf: (aliases: readonly [alias: string, version: number][]) => number | undefined,
): Promise<ModelVersion | undefined> {
  const rows = (await readPrepared(connection, MODEL_AND_ALIASES, [name])).getRows();
  if (rows.length === 0) return undefined;
  const modelKey = toNumber(rows[0]![0]);
  const aliases = rows
    .flatMap(([, alias, version]): [string, number][] => (alias === null ? [] : [[String(alias), toNumber(version)]]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const version = versionOf(aliases);
  if (version === undefined) return undefined;
  const [row] = (await readPrepared(connection, VERSION_ROW, [BigInt(modelKey), version, name])).getRows();
  if (!row) return undefined;
  return toModelVersion(row, aliases.filter(([, target]) => target === version).map(([alias]) => alias));
}

/** One model version (two small queries); NotFoundError for an unknown model or version. */
export async function readModelVersion(connection: DuckDBConnection, { name, version }: { name: string; version: number }): Promise<ModelVersion> {
  const found = await readOneVersion(connection, name, () => version);
  if (found) return found;
  await requireVersionKey(connection, name, version); // throws the NotFoundError that says what exists
  throw new Error(`Model version ${version} of '${name}' vanished while it was read.`);
}

/** The version an alias points at (two small queries); NotFoundError for an unknown model or alias. */
export async function readModelVersionByAlias(connection: DuckDBConnection, { name, alias }: { name: string; alias: string }): Promise<ModelVersion> {
  const found = await readOneVersion(connection, name, (aliases) => aliases.find(([known]) => known === alias)?.[1]);
  if (found) return found;
  return readModelVersion(connection, { name, version: await resolveModelAlias(connection, { name, alias }) }); // throws the NotFoundError that says what exists
}
