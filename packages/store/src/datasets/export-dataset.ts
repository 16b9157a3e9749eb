import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InvalidParameterError, resolveDatasetFileFormat, validateDatasetName, validateDatasetVersion, type ExportDatasetInput } from '@assay/core';
import { readDataset } from './read-dataset.js';
import { readDatasetStructure, transformableStructure } from './read-dataset-structure.js';

function exportFormat(path: string, format: unknown): 'jsonl' | 'parquet' {
  const resolved = resolveDatasetFileFormat(path, format === undefined ? undefined : String(format));
  if (resolved === 'csv') throw new InvalidParameterError(`Datasets export to jsonl or parquet, not csv (${path}).`);
  return resolved;
}

/** Checks an export request before the database is touched: a known format and an existing folder. */
export async function validateExportDataset(input: ExportDatasetInput): Promise<ExportDatasetInput & { format: 'jsonl' | 'parquet' }> {
  validateDatasetName(input?.name);
  validateDatasetVersion(input.version);
  if (typeof input.path !== 'string' || input.path === '') throw new InvalidParameterError('Give the path of the file to write.');
  const path = resolve(input.path);
  const format = exportFormat(path, input.format);
  const folder = dirname(path);
  const isFolder = await stat(folder).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new InvalidParameterError(`Cannot write ${path}: the folder ${folder} does not exist.`);
  return { ...input, path, format };
}

/**
 * Writes a dataset version with DuckDB's COPY: JSONL as the stored JSON of
 * each row, one per line, byte for byte; Parquet with columns typed from the
 * rows' JSON structure.
 */
export async function exportDataset(
  connection: DuckDBConnection,
  input: ExportDatasetInput & { format: 'jsonl' | 'parquet' },
): Promise<{ path: string; rowCount: number }> {
  const info = await readDataset(connection, input);
  const select = 'FROM dataset_rows WHERE name = $1 AND version = $2 ORDER BY row_index';
  if (input.format === 'jsonl') {
    // JSON text never holds a raw tab or newline, so an unquoted one-column "CSV" is exactly JSONL.
    await connection.run(`COPY (SELECT row::VARCHAR ${select}) TO $3 (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\t')`, [
      info.name,
      info.version,
      input.path,
    ]);
  } else {
    const structure = JSON.stringify(transformableStructure(await readDatasetStructure(connection, info)));
    await connection.run(`COPY (SELECT unnest(json_transform(row, $3)) ${select}) TO $4 (FORMAT parquet)`, [
      info.name,
      info.version,
      structure,
      input.path,
    ]);
  }
  return { path: input.path, rowCount: info.rowCount };
}
