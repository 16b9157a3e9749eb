import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { NotFoundError, validateDatasetName, validateDatasetVersion, type DatasetColumn, type DatasetInfo, type DatasetSourceType } from '@assay/core';
import { toNumber } from '../queries/to-number.js';

/** The columns toDatasetInfo reads, from the `datasets` table aliased `d`. */
export const DATASET_COLUMNS = 'd.name, d.version, d.digest, d.row_count, d.schema::VARCHAR, d.source, d.source_type, d.description, d.tags::VARCHAR, d.created_time';

/** A `datasets` row read with DATASET_COLUMNS. */
export function toDatasetInfo(row: DuckDBValue[]): DatasetInfo {
  const [name, version, digest, rowCount, schema, source, sourceType, description, tags, createdTime] = row;
  return {
    name: String(name),
    version: toNumber(version),
    digest: String(digest),
    rowCount: toNumber(rowCount),
    schema: JSON.parse(String(schema)) as DatasetColumn[],
    source: String(source),
    sourceType: String(sourceType) as DatasetSourceType,
    ...(description !== null && description !== undefined ? { description: String(description) } : {}),
    tags: JSON.parse(String(tags)) as Record<string, string>,
    createdTime: toNumber(createdTime),
  };
}

/** The latest version of a dataset, or undefined for an unknown name. */
export async function readLatestDataset(connection: DuckDBConnection, name: string): Promise<DatasetInfo | undefined> {
  const result = await connection.runAndReadAll(
    `SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.name = $1 ORDER BY d.version DESC LIMIT 1`,
    [name],
  );
  const row = result.getRows()[0];
  return row ? toDatasetInfo(row) : undefined;
}

/** One version of a dataset (the latest when `version` is absent); NotFoundError says how to see what exists. */
export async function readDataset(connection: DuckDBConnection, { name, version }: { name: unknown; version?: unknown }): Promise<DatasetInfo> {
  const checkedName = validateDatasetName(name);
  const checkedVersion = validateDatasetVersion(version);
  if (checkedVersion === undefined) {
    const latest = await readLatestDataset(connection, checkedName);
    if (!latest) {
      throw new NotFoundError(`Dataset '${checkedName}' not found. See the datasets that exist with listDatasets() or \`assay datasets list\`.`);
    }
    return latest;
  }
  const result = await connection.runAndReadAll(`SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.name = $1 AND d.version = $2`, [
    checkedName,
    checkedVersion,
  ]);
  const row = result.getRows()[0];
  if (row) return toDatasetInfo(row);
  const latest = await readLatestDataset(connection, checkedName);
  if (!latest) {
    throw new NotFoundError(`Dataset '${checkedName}' not found. See the datasets that exist with listDatasets() or \`assay datasets list\`.`);
  }
  throw new NotFoundError(
    `Dataset '${checkedName}' has no version ${checkedVersion}; its versions are 1 to ${latest.version}. ` +
      `Omit the version for the latest, or see them with \`assay datasets show ${checkedName}\`.`,
  );
}
