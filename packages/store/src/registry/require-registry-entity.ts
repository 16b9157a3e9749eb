import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '@assay/core';
import { toNumber } from '../queries/to-number.js';

/** A registered model's integer key; NotFoundError says how to see the models that exist. */
export async function requireModelKey(connection: DuckDBConnection, name: string): Promise<number> {
  const result = await connection.runAndReadAll('SELECT model_key FROM registered_models WHERE name = $1', [name]);
  const row = result.getRows()[0];
  if (!row) throw new NotFoundError(`Registered model '${name}' not found. Create it with createRegisteredModel, or list models with searchRegisteredModels.`);
  return toNumber(row[0]);
}

/** The keys of one model version; NotFoundError names the model's versions when the number is unknown. */
export async function requireVersionKey(connection: DuckDBConnection, name: string, version: number): Promise<{ modelKey: number; versionKey: number }> {
  const modelKey = await requireModelKey(connection, name);
  const result = await connection.runAndReadAll('SELECT version_key FROM model_versions WHERE model_key = $1 AND version = $2', [modelKey, version]);
  const row = result.getRows()[0];
  if (row) return { modelKey, versionKey: toNumber(row[0]) };
  const listed = await connection.runAndReadAll('SELECT version FROM model_versions WHERE model_key = $1 ORDER BY version', [modelKey]);
  const versions = listed.getRows().map(([number]) => toNumber(number));
  throw new NotFoundError(
    `Model version ${version} of '${name}' not found; ` +
      (versions.length === 0 ? 'the model has no versions.' : `its versions are ${versions.join(', ')}.`),
  );
}
