import type { DuckDBConnection } from '@duckdb/node-api';
import { AlreadyExistsError, type ValidChangeNote } from '@assay/core';
import { cancelPendingRequests } from './cancel-pending-requests.js';
import { insertTags } from './insert-tags.js';
import { nextModelKey, recordRegistryEvent } from './registry-events.js';
import { requireModelKey } from './require-registry-entity.js';

// Every function here runs inside the caller's transaction, with input checked by core's validation,
// and records its change in the audit log (registry_events) in that transaction.

async function assertNameFree(connection: DuckDBConnection, name: string): Promise<void> {
  const taken = await connection.runAndReadAll('SELECT 1 FROM registered_models WHERE name = $1', [name]);
  if (taken.getRows().length > 0) {
    throw new AlreadyExistsError(`Registered model '${name}' already exists. Register a new version of it with createModelVersion, or choose another name.`);
  }
}

/** Inserts a model without versions. Uniqueness of names is kept here: the one writer checks before it inserts. */
export async function createRegisteredModel(
  connection: DuckDBConnection,
  { name, description, tags }: { name: string; description: string | undefined; tags: Record<string, string> },
  note: ValidChangeNote,
): Promise<void> {
  await assertNameFree(connection, name);
  const modelKey = await nextModelKey(connection);
  const now = Date.now();
  await connection.run(
    'INSERT INTO registered_models (model_key, name, description, creation_time, last_updated_time, last_version) VALUES ($1, $2, $3, $4, $4, 0)',
    [modelKey, name, description === undefined || description === '' ? null : description, now],
  );
  await insertTags(connection, 'registered_model_tags', 'model_key', modelKey, tags);
  const after = { ...(description ? { description } : {}), ...(Object.keys(tags).length > 0 ? { tags } : {}) };
  await recordRegistryEvent(connection, { modelKey, name, action: 'create_model', after }, note);
}

async function readDescription(connection: DuckDBConnection, modelKey: number): Promise<string | null> {
  const row = (await connection.runAndReadAll('SELECT description FROM registered_models WHERE model_key = $1', [modelKey])).getRows()[0];
  return row?.[0] === null || row?.[0] === undefined ? null : String(row[0]);
}

/** Renames a model: one row, as versions, tags and aliases refer to its key. */
export async function renameRegisteredModel(connection: DuckDBConnection, { name, newName }: { name: string; newName: string }, note: ValidChangeNote): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  if (newName === name) return;
  await assertNameFree(connection, newName);
  await connection.run('UPDATE registered_models SET name = $2, last_updated_time = $3 WHERE model_key = $1', [modelKey, newName, Date.now()]);
  await recordRegistryEvent(connection, { modelKey, name, action: 'rename_model', before: { name }, after: { name: newName } }, note);
}

/** Sets a model's description (`''` clears it). */
export async function updateRegisteredModel(
  connection: DuckDBConnection,
  { name, description }: { name: string; description: string },
  note: ValidChangeNote,
): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  const before = await readDescription(connection, modelKey);
  await connection.run('UPDATE registered_models SET description = $2, last_updated_time = $3 WHERE model_key = $1', [
    modelKey,
    description === '' ? null : description,
    Date.now(),
  ]);
  const change = { before: { description: before }, after: { description: description === '' ? null : description } };
  await recordRegistryEvent(connection, { modelKey, name, action: 'update_model', ...change }, note);
}

/** Deletes a model with everything that refers to it. */
export async function deleteRegisteredModel(connection: DuckDBConnection, { name }: { name: string }, note: ValidChangeNote): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  const counted = await connection.runAndReadAll('SELECT count(*) FROM model_versions WHERE model_key = $1', [modelKey]);
  await cancelPendingRequests(connection, { modelKey, name }, note);
  await recordRegistryEvent(connection, { modelKey, name, action: 'delete_model', before: { versions: Number(counted.getRows()[0]![0]) } }, note);
  await connection.run('DELETE FROM model_version_tags WHERE version_key IN (SELECT version_key FROM model_versions WHERE model_key = $1)', [modelKey]);
  for (const table of ['model_versions', 'registered_model_aliases', 'registered_model_tags', 'registered_models']) {
    await connection.run(`DELETE FROM ${table} WHERE model_key = $1`, [modelKey]);
  }
}

/** Sets (value) or removes (value undefined) one tag of a model. */
export async function writeRegisteredModelTag(
  connection: DuckDBConnection,
  { name, key, value }: { name: string; key: string; value: string | undefined },
  note: ValidChangeNote,
): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  const previous = (await connection.runAndReadAll('SELECT value FROM registered_model_tags WHERE model_key = $1 AND key = $2', [modelKey, key])).getRows()[0];
  if (value === undefined && previous === undefined) return;
  await connection.run('DELETE FROM registered_model_tags WHERE model_key = $1 AND key = $2', [modelKey, key]);
  if (value !== undefined) await connection.run('INSERT INTO registered_model_tags (model_key, key, value) VALUES ($1, $2, $3)', [modelKey, key, value]);
  await connection.run('UPDATE registered_models SET last_updated_time = $2 WHERE model_key = $1', [modelKey, Date.now()]);
  const change = { before: { key, value: previous === undefined ? null : String(previous[0]) }, after: value === undefined ? undefined : { key, value } };
  await recordRegistryEvent(connection, { modelKey, name, action: value === undefined ? 'delete_model_tag' : 'set_model_tag', ...change }, note);
}
