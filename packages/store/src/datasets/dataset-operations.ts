import { createHash, type Hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  DATASET_CONTEXT_TAG,
  InvalidParameterError,
  NotFoundError,
  canonicalJson,
  resolveDatasetFileFormat,
  validateDatasetMetadata,
  validateDatasetName,
  validateMaxResults,
  validateDatasetVersion,
  type DatasetColumn,
  type DatasetFileFormat,
  type DatasetInfo,
  type DatasetSourceType,
  type DatasetSummary,
  type ExportDatasetInput,
  type ImportDatasetFileInput,
  type ListDatasetsInput,
  type Page,
  type Run,
  type RunInputs,
  type ValidDatasetVersion,
  type ValidLogRunInputs,
  type ValidReadDatasetRows,
} from '@assay/core';
import { decodePageToken, encodePageToken } from '../queries/compile-filter.js';

const DATASET_COLUMNS = 'd.name, d.version, d.digest, d.row_count, d.schema::VARCHAR, d.source, d.source_type, d.description, d.tags::VARCHAR, d.created_time';
/** Rows hashed per query when digesting an imported file: bounded memory whatever the file size. */
const DIGEST_PAGE = 10_000;
const READERS: Record<DatasetFileFormat, string> = {
  jsonl: 'read_json_auto',
  csv: 'read_csv_auto',
  parquet: 'read_parquet',
};

function toNumber(value: DuckDBValue | undefined): number {
  return Number(value ?? 0);
}

function toDatasetInfo(row: DuckDBValue[]): DatasetInfo {
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

/** Incremental SHA-256 over canonical rows: each row's canonical JSON and a `\n`. */
class RowDigest {
  private readonly hash: Hash = createHash('sha256');

  add(row: unknown): void {
    this.hash.update(`${canonicalJson(row)}\n`, 'utf8');
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** The digest of in-memory rows (see DatasetInfo.digest). */
export function digestRows(rows: readonly unknown[]): string {
  const digest = new RowDigest();
  for (const row of rows) digest.add(row);
  return digest.hex();
}

function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/u.test(name) ? name : `"${name.replace(/"/gu, '""')}"`;
}

/** A DuckDB type name for a `json_group_structure` node (UBIGINT reads as BIGINT; an all-null column as JSON). */
function structureType(node: unknown): string {
  if (typeof node === 'string') {
    if (node === 'UBIGINT') return 'BIGINT';
    return node === 'NULL' ? 'JSON' : node;
  }
  if (Array.isArray(node)) return `${structureType(node[0])}[]`;
  if (node !== null && typeof node === 'object') {
    const fields = Object.entries(node).map(([key, value]) => `${quoteIdentifier(key)} ${structureType(value)}`);
    return `STRUCT(${fields.join(', ')})`;
  }
  return 'JSON';
}

/** The structure with NULL leaves made JSON, so json_transform can read every row with it. */
function transformableStructure(node: unknown): unknown {
  if (node === 'NULL') return 'JSON';
  if (Array.isArray(node)) return node.map(transformableStructure);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, transformableStructure(value)]));
  }
  return node;
}

async function readStructure(connection: DuckDBConnection, name: string, version: number): Promise<Record<string, unknown>> {
  const result = await connection.runAndReadAll(
    'SELECT json_group_structure(row)::VARCHAR FROM dataset_rows WHERE name = $1 AND version = $2',
    [name, version],
  );
  const text = result.getRows()[0]?.[0];
  return text === null || text === undefined ? {} : (JSON.parse(String(text)) as Record<string, unknown>);
}

async function readLatest(connection: DuckDBConnection, name: string): Promise<DatasetInfo | undefined> {
  const result = await connection.runAndReadAll(
    `SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.name = $1 ORDER BY d.version DESC LIMIT 1`,
    [name],
  );
  const row = result.getRows()[0];
  return row ? toDatasetInfo(row) : undefined;
}

async function insertDatasetRow(connection: DuckDBConnection, info: DatasetInfo): Promise<void> {
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
  const latest = await readLatest(connection, input.name);
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
  const structure = await readStructure(connection, input.name, version);
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

/** An importDatasetFile input, checked, with the absolute path of an existing file and its format. */
export interface ValidDatasetImport {
  name: string;
  path: string;
  format: DatasetFileFormat;
  description?: string;
  tags: Record<string, string>;
}

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
  return { name, path, format, ...metadata };
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
    const latest = await readLatest(connection, input.name);
    if (latest?.digest === hex) return latest;
    const version = (latest?.version ?? 0) + 1;
    await connection.run('INSERT INTO dataset_rows SELECT $1, $2, row_index, row FROM dataset_import_rows', [input.name, version]);
    const info: DatasetInfo = {
      name: input.name,
      version,
      digest: hex,
      rowCount,
      schema,
      source: input.path,
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

/** One version of a dataset (the latest when `version` is absent); NotFoundError says how to see what exists. */
export async function readDataset(connection: DuckDBConnection, name: unknown, version?: unknown): Promise<DatasetInfo> {
  const checkedName = validateDatasetName(name);
  const checkedVersion = validateDatasetVersion(version);
  if (checkedVersion === undefined) {
    const latest = await readLatest(connection, checkedName);
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
  const latest = await readLatest(connection, checkedName);
  if (!latest) {
    throw new NotFoundError(`Dataset '${checkedName}' not found. See the datasets that exist with listDatasets() or \`assay datasets list\`.`);
  }
  throw new NotFoundError(
    `Dataset '${checkedName}' has no version ${checkedVersion}; its versions are 1 to ${latest.version}. ` +
      `Omit the version for the latest, or see them with \`assay datasets show ${checkedName}\`.`,
  );
}

export async function listDatasets(connection: DuckDBConnection, input: ListDatasetsInput = {}): Promise<Page<DatasetSummary>> {
  const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 1000 });
  const offset = decodePageToken(input.pageToken);
  const result = await connection.runAndReadAll(
    `SELECT ${DATASET_COLUMNS}, c.version_count FROM datasets d
     JOIN (SELECT name, max(version) AS latest, count(*) AS version_count FROM datasets GROUP BY name) c
       ON d.name = c.name AND d.version = c.latest
     ORDER BY d.name LIMIT ${limit + 1} OFFSET ${offset}`,
  );
  const items = result.getRows().map((row): DatasetSummary => ({ ...toDatasetInfo(row), versionCount: toNumber(row[10]) }));
  const hasMore = items.length > limit;
  return { items: items.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
}

/** A page of one dataset version's rows, in their original order. */
export async function readDatasetRows(connection: DuckDBConnection, input: ValidReadDatasetRows): Promise<Record<string, unknown>[]> {
  const { limit, offset } = input;
  const info = await readDataset(connection, input.name, input.version);
  // Row indexes are dense from 0, so the offset is a range condition, not a scan-and-skip.
  const result = await connection.runAndReadAll(
    'SELECT row::VARCHAR FROM dataset_rows WHERE name = $1 AND version = $2 AND row_index >= $3 ORDER BY row_index LIMIT $4',
    [info.name, info.version, offset, limit],
  );
  return result.getRows().map(([text]) => JSON.parse(String(text)) as Record<string, unknown>);
}

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
  const info = await readDataset(connection, input.name, input.version);
  const select = 'FROM dataset_rows WHERE name = $1 AND version = $2 ORDER BY row_index';
  if (input.format === 'jsonl') {
    // JSON text never holds a raw tab or newline, so an unquoted one-column "CSV" is exactly JSONL.
    await connection.run(`COPY (SELECT row::VARCHAR ${select}) TO $3 (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\t')`, [
      info.name,
      info.version,
      input.path,
    ]);
  } else {
    const structure = JSON.stringify(transformableStructure(await readStructure(connection, info.name, info.version)));
    await connection.run(`COPY (SELECT unnest(json_transform(row, $3)) ${select}) TO $4 (FORMAT parquet)`, [
      info.name,
      info.version,
      structure,
      input.path,
    ]);
  }
  return { path: input.path, rowCount: info.rowCount };
}

/**
 * Records dataset inputs of a run, skipping ones already recorded with the
 * same context. Runs inside the caller's transaction.
 */
export async function logRunInputs(connection: DuckDBConnection, { runId, inputs }: ValidLogRunInputs): Promise<void> {
  const run = await connection.runAndReadAll('SELECT lifecycle_stage FROM runs WHERE run_id = $1', [runId]);
  const stage = run.getRows()[0]?.[0];
  if (stage === undefined) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
  if (String(stage) !== 'active') throw new InvalidParameterError(`Run '${runId}' is deleted; restore it (restoreRun) before logging to it.`);
  for (const input of inputs) {
    const context = input.context;
    const info = await readDataset(connection, input.datasetName, input.datasetVersion);
    const existing = await connection.runAndReadAll(
      'SELECT count(*) FROM run_inputs WHERE run_id = $1 AND dataset_name = $2 AND dataset_version = $3 AND context IS NOT DISTINCT FROM $4',
      [runId, info.name, info.version, context ?? null],
    );
    if (toNumber(existing.getRows()[0]?.[0]) > 0) continue;
    await connection.run(
      'INSERT INTO run_inputs (run_id, dataset_name, dataset_digest, context, dataset_version) VALUES ($1, $2, $3, $4, $5)',
      [runId, info.name, info.digest, context ?? null, info.version],
    );
  }
}

// Whether a connection's database has the datasets table: false only while a
// store is held at an older schema version (upgrade tests); checked once per connection.
const hasDatasetTables = new WeakMap<DuckDBConnection, boolean>();

async function datasetTablesExist(connection: DuckDBConnection): Promise<boolean> {
  let known = hasDatasetTables.get(connection);
  if (known === undefined) {
    const result = await connection.runAndReadAll(
      `SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'run_inputs' AND column_name = 'dataset_version'`,
    );
    known = toNumber(result.getRows()[0]?.[0]) > 0;
    hasDatasetTables.set(connection, known);
  }
  return known;
}

/** Adds `inputs` to the runs that have logged dataset inputs (in the order they were logged). */
export async function attachRunInputs(connection: DuckDBConnection, runs: Run[]): Promise<Run[]> {
  if (runs.length === 0 || !(await datasetTablesExist(connection))) return runs;
  const result = await connection.runAndReadAll(
    `SELECT ri.run_id, ri.context, d.name, d.version, d.digest, d.source_type, d.source, d.schema::VARCHAR, d.row_count
     FROM run_inputs ri JOIN datasets d ON d.name = ri.dataset_name AND d.version = ri.dataset_version
     WHERE ri.run_id IN (SELECT unnest($1)) ORDER BY ri.rowid`,
    [listValue(runs.map((run) => run.info.runId))],
  );
  const byRun = new Map<string, RunInputs>();
  for (const [runId, context, name, version, digest, sourceType, source, schema, rowCount] of result.getRows()) {
    const key = String(runId);
    const inputs = byRun.get(key) ?? { datasetInputs: [] };
    inputs.datasetInputs.push({
      dataset: {
        name: String(name),
        version: toNumber(version),
        digest: String(digest),
        sourceType: String(sourceType) as DatasetSourceType,
        source: String(source),
        schema: JSON.parse(String(schema)) as DatasetColumn[],
        profile: { numRows: toNumber(rowCount) },
      },
      tags: context === null || context === undefined ? [] : [{ key: DATASET_CONTEXT_TAG, value: String(context) }],
    });
    byRun.set(key, inputs);
  }
  for (const run of runs) {
    const inputs = byRun.get(run.info.runId);
    if (inputs) run.inputs = inputs;
  }
  return runs;
}
