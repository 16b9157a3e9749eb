import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  InvalidParameterError,
  resolveDatasetFileFormat,
  validateDatasetMetadata,
  validateDatasetName,
  type DatasetColumn,
  type DatasetFileFormat,
  type DatasetInfo,
  type ImportDatasetFileInput,
} from '@assay/core';
import { insertDatasetRow } from './create-dataset-version.js';
import { readLatestDataset } from './read-dataset.js';
import { RowDigest } from './row-digest.js';
import { toNumber } from '../queries/to-number.js';

/** Rows hashed per query when digesting an imported file: bounded memory whatever the file size. */
const DIGEST_PAGE = 10_000;
const READERS: Record<DatasetFileFormat, string> = {
  jsonl: 'read_json_auto',
  csv: 'read_csv_auto',
  parquet: 'read_parquet',
};

/** An importDatasetFile input, checked, with the absolute path of an existing file and its format. */
export interface ValidDatasetImport {
  name: string;
  path: string;
  format: DatasetFileFormat;
  /** What the version records as its source: the caller's, else the path. */
  source: string;
  description?: string;
  tags: Record<string, string>;
}

/**
 * Checks an import request, the file system included: a valid name and metadata, and an existing
 * file without glob characters in its path, in a known format.
 */
export async function validateImportDatasetFile(input: ImportDatasetFileInput): Promise<ValidDatasetImport> {
  const name = validateDatasetName(input?.name);
  if (typeof input.path !== 'string' || input.path === '') {
    throw new InvalidParameterError('Give the path of a JSONL, CSV or Parquet file to import.');
  }
  const path = resolve(input.path);
  const format = resolveDatasetFileFormat(path, input.format);
  const metadata = validateDatasetMetadata(input);
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    throw new InvalidParameterError(`Dataset file not found: ${path}. Check the path (relative paths start from ${process.cwd()}).`);
  }
  if (!isFile) throw new InvalidParameterError(`${path} is not a file; give a JSONL, CSV or Parquet file.`);
  // DuckDB's readers expand glob patterns; a literal file name with them would read other files.
  if (/[*?[\]{}]/u.test(path)) {
    throw new InvalidParameterError(`Dataset file paths cannot contain *, ?, [, ], { or }: ${path}. Rename or copy the file.`);
  }
  if (input.source !== undefined && (typeof input.source !== 'string' || input.source === '')) {
    throw new InvalidParameterError('Dataset source must be a non-empty string.');
  }
  return { name, path, format, source: input.source ?? path, ...metadata };
}

/**
 * Reads a file with DuckDB's own reader into a temporary table, digests it
 * page by page, and copies it into dataset_rows as JSON, all inside DuckDB.
 * The path is a prepared parameter, never spliced into SQL. Runs inside the
 * caller's transaction.
 */
export async function importDatasetFile(connection: DuckDBConnection, input: ValidDatasetImport): Promise<DatasetInfo> {
  const reader = READERS[input.format];
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE dataset_import AS SELECT * FROM ${reader}($1)`, [input.path]);
  } catch (error) {
    throw new InvalidParameterError(
      `Could not read ${input.path} as ${input.format}: ${(error as Error).message.split('\n')[0] ?? ''}`,
      { cause: error },
    );
  }
  try {
    // Temporary tables' rowids do not start at 0: number the rows in file order.
    await connection.run(
      'CREATE OR REPLACE TEMP TABLE dataset_import_rows AS SELECT (row_number() OVER (ORDER BY rowid) - 1) AS row_index, to_json(t) AS row FROM dataset_import t',
    );
    const described = await connection.runAndReadAll('DESCRIBE dataset_import');
    const schema = described.getRows().map(([name, type]): DatasetColumn => ({ name: String(name), type: String(type) }));
    const counted = await connection.runAndReadAll('SELECT count(*) FROM dataset_import_rows');
    const rowCount = toNumber(counted.getRows()[0]?.[0]);
    if (rowCount === 0) throw new InvalidParameterError(`${input.path} has no rows; a dataset needs at least one.`);
    const digest = new RowDigest();
    for (let start = 0; start < rowCount; start += DIGEST_PAGE) {
      const page = await connection.runAndReadAll(
        'SELECT row::VARCHAR FROM dataset_import_rows WHERE row_index >= $1 AND row_index < $2 ORDER BY row_index',
        [start, start + DIGEST_PAGE],
      );
      for (const [text] of page.getRows()) digest.add(JSON.parse(String(text)));
    }
    const hex = digest.hex();
    const latest = await readLatestDataset(connection, input.name);
    if (latest?.digest === hex) return latest;
    const version = (latest?.version ?? 0) + 1;
    await connection.run('INSERT INTO dataset_rows SELECT $1, $2, row_index, row FROM dataset_import_rows', [input.name, version]);
    const info: DatasetInfo = {
      name: input.name,
      version,
      digest: hex,
      rowCount,
      schema,
      source: input.source,
      sourceType: input.format,
      ...(input.description !== undefined ? { description: input.description } : {}),
      tags: input.tags,
      createdTime: Date.now(),
    };
    await insertDatasetRow(connection, info);
    return info;
  } finally {
    await connection.run('DROP TABLE IF EXISTS dataset_import_rows');
    await connection.run('DROP TABLE IF EXISTS dataset_import');
  }
}
