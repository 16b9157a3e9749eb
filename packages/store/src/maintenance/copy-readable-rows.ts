import { errorMessage } from '@assay/core';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Options of copyReadableRows. */
export interface CopyReadableRowsOptions {
  /** A connection to the new store, with the damaged database attached. */
  connection: DuckDBConnection;
  /** The name the damaged database is attached under. */
  source: string;
  /** The tables to copy (those of the new store's schema). */
  tables: readonly string[];
}

/** What was copied of one table. */
export interface TableRecovery {
  /** The table's name. */
  name: string;
  /** Its row count in the damaged database, from the table's metadata; undefined when even that could not be read. */
  rows?: number;
  /** Rows copied into the new store. */
  recovered: number;
  /** Why some rows could not be read (the first failure); undefined when all were. */
  error?: string;
}

// Rows per attempt when a table does not read whole: one DuckDB vector, so one damaged block costs
// about the rows stored in it.
const CHUNK_ROWS = 2048;

// Columns of the new schema that a store of an older version lacks, derived while copying (`source_row`
// is the row copied): schema 8's run keys, numbered in the order the runs were written. runs is copied
// before the tables that take their key from it (tablesOfVersion lists them in that order).
const RUN_KEY_OF_SOURCE_ROW = '(SELECT r.run_key FROM main.runs r WHERE r.run_id = source_row.run_id)';
const DERIVED_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  runs: { run_key: 'source_row.rowid + 1' },
  params: { run_key: RUN_KEY_OF_SOURCE_ROW },
  tags: { run_key: RUN_KEY_OF_SOURCE_ROW },
  latest_metrics: { run_key: RUN_KEY_OF_SOURCE_ROW },
  run_inputs: { run_key: RUN_KEY_OF_SOURCE_ROW },
};

async function count(connection: DuckDBConnection, query: string): Promise<number> {
  return Number((await connection.runAndReadAll(query)).getRows()[0]?.[0] ?? 0);
}

async function columnsOf(connection: DuckDBConnection, catalog: string, table: string): Promise<string[]> {
  const result = await connection.runAndReadAll(
    `SELECT column_name FROM information_schema.columns WHERE table_catalog = $1 AND table_schema = 'main' AND table_name = $2 ORDER BY ordinal_position`,
    [catalog, table],
  );
  return result.getRows().map(([name]) => String(name));
}

/**
 * Copies what can still be read of a damaged store into a new one, table by
 * table (the columns both have, so an older schema version copies too):
 * first whole; a table that does not read whole is copied in chunks of rows,
 * skipping the chunks that fail (each INSERT is atomic, so a chunk lands
 * whole or not at all).
 */
export async function copyReadableRows({ connection, source, tables }: CopyReadableRowsOptions): Promise<TableRecovery[]> {
  const [target] = (await connection.runAndReadAll('SELECT current_database()')).getRows()[0] ?? [];
  const recoveries: TableRecovery[] = [];
  for (const name of tables) {
    const sourceColumns = new Set(await columnsOf(connection, source, name));
    if (sourceColumns.size === 0) continue;
    const derived = DERIVED_COLUMNS[name] ?? {};
    const columns = (await columnsOf(connection, String(target), name)).filter((column) => sourceColumns.has(column) || derived[column] !== undefined);
    const list = columns.map((column) => `"${column}"`).join(', ');
    const values = columns.map((column) => (sourceColumns.has(column) ? `source_row."${column}"` : derived[column]!)).join(', ');
    const copy = (where: string): Promise<unknown> =>
      connection.run(`INSERT INTO main."${name}" (${list}) SELECT ${values} FROM "${source}".main."${name}" source_row ${where}`);
    const recovery: TableRecovery = { name, recovered: 0 };
    recovery.rows = await count(connection, `SELECT count(*) FROM "${source}".main."${name}"`).catch(() => undefined);
    try {
      await copy('');
    } catch (error) {
      recovery.error = errorMessage(error);
      const lastRowId = await count(connection, `SELECT coalesce(max(rowid), -1) FROM "${source}".main."${name}"`).catch(() => -1);
      for (let first = 0; first <= lastRowId; first += CHUNK_ROWS) {
        await copy(`WHERE source_row.rowid >= ${first} AND source_row.rowid < ${first + CHUNK_ROWS}`).catch(() => undefined);
      }
    }
    recovery.recovered = await count(connection, `SELECT count(*) FROM main."${name}"`);
    if (recovery.rows === undefined && recovery.error === undefined) recovery.rows = recovery.recovered;
    recoveries.push(recovery);
  }
  return recoveries;
}
