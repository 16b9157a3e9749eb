import type { DuckDBConnection } from '@duckdb/node-api';
import { AlreadyExistsError } from '@assay/core';
import { toNumber } from '../queries/to-number.js';
import { requireModelKey } from './require-registry-entity.js';

// Every function here runs inside the caller's transaction, with input checked by core's validation.

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
): Promise<void> {
  await assertNameFree(connection, name);
  const next = await connection.runAndReadAll('SELECT coalesce(max(model_key), 0) + 1 FROM registered_models');
  const modelKey = toNumber(next.getRows()[0]![0]);
  const now = Date.now();
  await connection.run(
    'INSERT INTO registered_models (model_key, name, description, creation_time, last_updated_time, last_version) VALUES ($1, $2, $3, $4, $4, 0)',
    [modelKey, name, description === undefined || description === '' ? null : description, now],
  );
  for (const [key, value] of Object.entries(tags)) {
    await connection.run('INSERT INTO registered_model_tags (model_key, key, value) VALUES ($1, $2, $3)', [modelKey, key, value]);
  }
}

/** Renames a model: one row, as versions, tags and aliases refer to its key. */
export async function renameRegisteredModel(connection: DuckDBConnection, { name, newName }: { name: string; newName: string }): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  if (newName === name) return;
  await assertNameFree(connection, newName);
  await connection.run('UPDATE registered_models SET name = $2, last_updated_time = $3 WHERE model_key = $1', [modelKey, newName, Date.now()]);
}

/** Sets a model's description (`''` clears it). */
export async function updateRegisteredModel(connection: DuckDBConnection, { name, description }: { name: string; description: string }): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  await connection.run('UPDATE registered_models SET description = $2, last_updated_time = $3 WHERE model_key = $1', [
    modelKey,
    description === '' ? null : description,
    Date.now(),
  ]);
}

/** Deletes a model with everything that refers to it. */
export async function deleteRegisteredModel(connection: DuckDBConnection, { name }: { name: string }): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  await connection.run('DELETE FROM model_version_tags WHERE version_key IN (SELECT version_key FROM model_versions WHERE model_key = $1)', [modelKey]);
  for (const table of ['model_versions', 'registered_model_aliases', 'registered_model_tags', 'registered_models']) {
    await connection.run(`DELETE FROM ${table} WHERE model_key = $1`, [modelKey]);
  }
}

/** Sets (value) or removes (value undefined) one tag of a model. */
export async function writeRegisteredModelTag(connection: DuckDBConnection, { name, key, value }: { name: string; key: string; value: string | undefined }): Promise<void> {
  const modelKey = await requireModelKey(connection, name);
  await connection.run('DELETE FROM registered_model_tags WHERE model_key = $1 AND key = $2', [modelKey, key]);
  if (value !== undefined) await connection.run('INSERT INTO registered_model_tags (model_key, key, value) VALUES ($1, $2, $3)', [modelKey, key, value]);
  await connection.run('UPDATE registered_models SET last_updated_time = $2 WHERE model_key = $1', [modelKey, Date.now()]);
}
