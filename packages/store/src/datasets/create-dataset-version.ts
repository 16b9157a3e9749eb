import type { DuckDBConnection } from '@duckdb/node-api';
import type { DatasetInfo, ValidDatasetVersion } from '@assay/core';
import { readLatestDataset } from './read-dataset.js';
import { readDatasetStructure, structureType } from './read-dataset-structure.js';
import { digestRows } from './row-digest.js';

/** Inserts the `datasets` row of a new version. */
export async function insertDatasetRow(connection: DuckDBConnection, info: DatasetInfo): Promise<void> {
  await connection.run(
    `INSERT INTO datasets (name, version, digest, row_count, schema, source, source_type, description, tags, created_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      info.name,
      info.version,
      info.digest,
      info.rowCount,
      JSON.stringify(info.schema),
      info.source,
      info.sourceType,
      info.description ?? null,
      JSON.stringify(info.tags),
      info.createdTime,
    ],
  );
}

/**
 * Writes a new dataset version from rows in memory (rows through the Appender),
 * or returns the latest version unchanged when it has the same digest. Runs
 * inside the caller's transaction.
 */
export async function createDatasetVersion(connection: DuckDBConnection, input: ValidDatasetVersion): Promise<DatasetInfo> {
  const digest = digestRows(input.rows);
  const latest = await readLatestDataset(connection, input.name);
  if (latest?.digest === digest) return latest;
  const version = (latest?.version ?? 0) + 1;
  const appender = await connection.createAppender('dataset_rows');
  input.rows.forEach((row, index) => {
    appender.appendVarchar(input.name);
    appender.appendInteger(version);
    appender.appendBigInt(BigInt(index));
    appender.appendVarchar(JSON.stringify(row));
    appender.endRow();
  });
  appender.closeSync();
  const structure = await readDatasetStructure(connection, { name: input.name, version });
  const info: DatasetInfo = {
    name: input.name,
    version,
    digest,
    rowCount: input.rows.length,
    schema: Object.entries(structure).map(([name, node]) => ({ name, type: structureType(node) })),
    source: input.source,
    sourceType: input.sourceType,
    ...(input.description !== undefined ? { description: input.description } : {}),
    tags: input.tags,
    createdTime: Date.now(),
  };
  await insertDatasetRow(connection, info);
  return info;
}
