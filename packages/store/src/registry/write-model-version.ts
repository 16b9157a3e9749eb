import type { DuckDBConnection } from '@duckdb/node-api';
import {
  ConflictError,
  NotFoundError,
  type ModelVersionStage,
  type ValidChangeNote,
  type ValidModelVersion,
  type ValidModelVersionUpdate,
} from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { insertTags } from './insert-tags.js';
import { cancelPendingRequests } from './cancel-pending-requests.js';
import { recordRegistryEvent } from './registry-events.js';
import { requireModelKey, requireVersionKey } from './require-registry-entity.js';

// Every function here runs inside the caller's transaction, with input checked by core's validation,
// and records its change in the audit log (registry_events) in that transaction.

/** One column of a version, as stored (null when unset). */
async function readVersionColumn(connection: DuckDBConnection, versionKey: number, column: 'status' | 'description' | 'status_message' | 'current_stage'): Promise<string | null> {
  const value = (await connection.runAndReadAll(`SELECT ${column} FROM model_versions WHERE version_key = $1`, [versionKey])).getRows()[0]![0];
  return value === null ? null : String(value);
}

/** A version's tags as its row's `tags_json` holds them: one JSON object. */
export function tagsJson(tags: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/**
 * Registers a version and returns its number: the model's counter plus one,
 * taken in this transaction. Only one transaction writes the file at a time
 * (one process holds the lease, its writes go one after the other), so
 * concurrent registrations get consecutive numbers; the counter is never
 * lowered, so a deleted version's number is never given again.
 */
export async function createModelVersion(connection: DuckDBConnection, input: ValidModelVersion, note: ValidChangeNote): Promise<number> {
  const modelKey = await requireModelKey(connection, input.name);
  if (input.runId !== undefined) {
    const run = await connection.runAndReadAll('SELECT 1 FROM runs WHERE run_id = $1', [input.runId]);
    if (run.getRows().length === 0) {
      throw new NotFoundError(`Run '${input.runId}' not found: a model version's runId must name a run of this store (or omit runId and give runLink).`);
    }
  }
  const now = Date.now();
  const counted = await connection.runAndReadAll(
    'UPDATE registered_models SET last_version = last_version + 1, last_updated_time = $2 WHERE model_key = $1 RETURNING last_version',
    [modelKey, now],
  );
  const version = toNumber(counted.getRows()[0]![0]);
  const next = await connection.runAndReadAll('SELECT coalesce(max(version_key), 0) + 1 FROM model_versions');
  const versionKey = toNumber(next.getRows()[0]![0]);
  await connection.run(
    `INSERT INTO model_versions (version_key, model_key, version, description, source, run_id, run_link, status, status_message, current_stage, creation_time, last_updated_time, tags_json)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'None', $10, $10, $11)`,
    [
      versionKey,
      modelKey,
      version,
      input.description ?? null,
      input.source,
      input.runId ?? null,
      input.runLink ?? null,
      input.status,
      input.statusMessage ?? null,
      now,
      tagsJson(input.tags),
    ],
  );
  await insertTags(connection, 'model_version_tags', 'version_key', versionKey, input.tags);
  const after = { source: input.source, status: input.status, ...(input.runId === undefined ? {} : { runId: input.runId }) };
  await recordRegistryEvent(connection, { modelKey, name: input.name, version, action: 'create_version', after }, note);
  return version;
}

/** Changes description, status and status message; a status only moves on from PENDING_REGISTRATION. */
export async function updateModelVersion(connection: DuckDBConnection, update: ValidModelVersionUpdate, note: ValidChangeNote): Promise<void> {
  const { modelKey, versionKey } = await requireVersionKey(connection, update.name, update.version);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, column] of [['description', 'description'], ['status', 'status'], ['statusMessage', 'status_message']] as const) {
    if (update[field] === undefined) continue;
    before[field] = await readVersionColumn(connection, versionKey, column);
    after[field] = update[field] === '' ? null : update[field];
  }
  if (update.status !== undefined) {
    const current = String(before.status);
    if (current !== update.status && current !== 'PENDING_REGISTRATION') {
      throw new ConflictError(
        `Model version ${update.version} of '${update.name}' is ${current}; only a PENDING_REGISTRATION version's status can change. Register a new version instead.`,
      );
    }
    await connection.run('UPDATE model_versions SET status = $2 WHERE version_key = $1', [versionKey, update.status]);
  }
  if (update.description !== undefined) {
    await connection.run('UPDATE model_versions SET description = $2 WHERE version_key = $1', [versionKey, update.description === '' ? null : update.description]);
  }
  if (update.statusMessage !== undefined) {
    await connection.run('UPDATE model_versions SET status_message = $2 WHERE version_key = $1', [versionKey, update.statusMessage === '' ? null : update.statusMessage]);
  }
  await connection.run('UPDATE model_versions SET last_updated_time = $2 WHERE version_key = $1', [versionKey, Date.now()]);
  await recordRegistryEvent(connection, { modelKey, name: update.name, version: update.version, action: 'update_version', before, after }, note);
}

/** Deletes a version, its tags and the aliases pointing at it; the model's counter keeps its number from being given again. */
export async function deleteModelVersion(connection: DuckDBConnection, { name, version }: { name: string; version: number }, note: ValidChangeNote): Promise<void> {
  const { modelKey, versionKey } = await requireVersionKey(connection, name, version);
  const aliases = await connection.runAndReadAll('SELECT alias FROM registered_model_aliases WHERE model_key = $1 AND version = $2 ORDER BY alias', [modelKey, version]);
  const before = { stage: await readVersionColumn(connection, versionKey, 'current_stage'), aliases: aliases.getRows().map(([alias]) => String(alias)) };
  await cancelPendingRequests(connection, { modelKey, name, version }, note);
  await recordRegistryEvent(connection, { modelKey, name, version, action: 'delete_version', before }, note);
  await connection.run('DELETE FROM model_version_tags WHERE version_key = $1', [versionKey]);
  await connection.run('DELETE FROM registered_model_aliases WHERE model_key = $1 AND version = $2', [modelKey, version]);
  await connection.run('DELETE FROM model_versions WHERE version_key = $1', [versionKey]);
  await connection.run('UPDATE registered_models SET last_updated_time = $2 WHERE model_key = $1', [modelKey, Date.now()]);
}

/** Sets (value) or removes (value undefined) one tag of a version. */
export async function writeModelVersionTag(
  connection: DuckDBConnection,
  { name, version, key, value }: { name: string; version: number; key: string; value: string | undefined },
  note: ValidChangeNote,
): Promise<void> {
  const { modelKey, versionKey } = await requireVersionKey(connection, name, version);
  const previous = (await connection.runAndReadAll('SELECT value FROM model_version_tags WHERE version_key = $1 AND key = $2', [versionKey, key])).getRows()[0];
  if (value === undefined && previous === undefined) return;
  await connection.run('DELETE FROM model_version_tags WHERE version_key = $1 AND key = $2', [versionKey, key]);
  if (value !== undefined) await connection.run('INSERT INTO model_version_tags (version_key, key, value) VALUES ($1, $2, $3)', [versionKey, key, value]);
  await connection.run(
    `UPDATE model_versions SET last_updated_time = $2,
       tags_json = coalesce((SELECT json_group_object(key, value) FROM model_version_tags WHERE version_key = $1)::VARCHAR, '{}')
     WHERE version_key = $1`,
    [versionKey, Date.now()],
  );
  const change = { before: { key, value: previous === undefined ? null : String(previous[0]) }, after: value === undefined ? undefined : { key, value } };
  await recordRegistryEvent(connection, { modelKey, name, version, action: value === undefined ? 'delete_version_tag' : 'set_version_tag', ...change }, note);
}

/** Moves a version to a stage; with `archiveExisting`, the model's other versions in that stage go to Archived (MLflow's archive_existing_versions). */
export async function transitionModelVersionStage(
  connection: DuckDBConnection,
  { name, version, stage, archiveExisting }: { name: string; version: number; stage: ModelVersionStage; archiveExisting: boolean },
  note: ValidChangeNote,
): Promise<void> {
  const { modelKey, versionKey } = await requireVersionKey(connection, name, version);
  const before = { stage: await readVersionColumn(connection, versionKey, 'current_stage') };
  const now = Date.now();
  let archived: number[] = [];
  if (archiveExisting) {
    const moved = await connection.runAndReadAll(
      `UPDATE model_versions SET current_stage = 'Archived', last_updated_time = $3 WHERE model_key = $1 AND current_stage = $2 AND version_key != $4 RETURNING version`,
      [modelKey, stage, now, versionKey],
    );
    archived = moved.getRows().map(([number]) => toNumber(number)).sort((a, b) => a - b);
  }
  await connection.run('UPDATE model_versions SET current_stage = $2, last_updated_time = $3 WHERE version_key = $1', [versionKey, stage, now]);
  await connection.run('UPDATE registered_models SET last_updated_time = $2 WHERE model_key = $1', [modelKey, now]);
  const after = { stage, ...(archived.length > 0 ? { archived } : {}) };
  await recordRegistryEvent(connection, { modelKey, name, version, action: 'transition_stage', before, after }, note);
}

/** Points an alias at a version (moving it from another one): one row per (model, alias). */
export async function setModelAlias(
  connection: DuckDBConnection,
  { name, alias, version }: { name: string; alias: string; version: number },
  note: ValidChangeNote,
): Promise<void> {
  const { modelKey } = await requireVersionKey(connection, name, version);
  const previous = await aliasTarget(connection, modelKey, alias);
  await connection.run('DELETE FROM registered_model_aliases WHERE model_key = $1 AND alias = $2', [modelKey, alias]);
  await connection.run('INSERT INTO registered_model_aliases (model_key, alias, version) VALUES ($1, $2, $3)', [modelKey, alias, version]);
  await connection.run('UPDATE registered_models SET last_updated_time = $2 WHERE model_key = $1', [modelKey, Date.now()]);
  await recordRegistryEvent(connection, { modelKey, name, version, action: 'set_alias', before: { alias, version: previous ?? null }, after: { alias, version } }, note);
}

async function aliasTarget(connection: DuckDBConnection, modelKey: number, alias: string): Promise<number | undefined> {
  const row = (await connection.runAndReadAll('SELECT version FROM registered_model_aliases WHERE model_key = $1 AND alias = $2', [modelKey, alias])).getRows()[0];
  return row === undefined ? undefined : toNumber(row[0]);
}

/** Removes an alias; one the model does not have is a no-op. */
export async function deleteModelAlias(connection: DuckDBConnection, { name, alias }: { name: string; alias: string }, note: ValidChangeNote): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  const previous = await aliasTarget(connection, modelKey, alias);
  if (previous === undefined) return;
  await connection.run('DELETE FROM registered_model_aliases WHERE model_key = $1 AND alias = $2', [modelKey, alias]);
  await connection.run('UPDATE registered_models SET last_updated_time = $2 WHERE model_key = $1', [modelKey, Date.now()]);
  await recordRegistryEvent(connection, { modelKey, name, version: previous, action: 'delete_alias', before: { alias, version: previous } }, note);
}

/** The version number an alias points at; NotFoundError names the model's aliases. */
export async function resolveModelAlias(connection: DuckDBConnection, { name, alias }: { name: string; alias: string }): Promise<number> {
  const modelKey = await requireModelKey(connection, name);
  const result = await connection.runAndReadAll('SELECT alias, version FROM registered_model_aliases WHERE model_key = $1 ORDER BY alias', [modelKey]);
  const rows = result.getRows();
  const found = rows.find(([known]) => String(known) === alias);
  if (found) return toNumber(found[1]);
  throw new NotFoundError(
    `Registered model '${name}' has no alias '${alias}'; ` +
      (rows.length === 0 ? 'it has no aliases. Set one with setRegisteredModelAlias.' : `its aliases are ${rows.map(([known]) => String(known)).join(', ')}.`),
  );
}
