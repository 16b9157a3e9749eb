import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The tables searches filter by key, kept sorted by (key, the owner's key)
 * so that the zone maps of `key` skip other keys' row groups. Rows written
 * later are appended in write order: a search on 100,000 runs takes ~85 ms
 * over such rows against ~45 ms over sorted ones (schema 8 sorted the run
 * tables); a model version tag filter's scan of 300,000 tag rows ~7 ms
 * against ~1.5 ms (bench/registry's store, schema 10).
 */
export const KEY_VALUE_TABLES = ['params', 'tags', 'latest_metrics', 'model_version_tags'] as const;

export type KeyValueTable = (typeof KEY_VALUE_TABLES)[number];

/** The column each table's rows are sorted by after `key`: the key of the run or model version they belong to. */
const OWNER_KEY: Record<KeyValueTable, string> = { params: 'run_key', tags: 'run_key', latest_metrics: 'run_key', model_version_tags: 'version_key' };

/** Unsorted rows below this never make a table re-sort: a rewrite would cost more than the few row groups they spread over. */
export const MIN_UNSORTED_ROWS = 10_000;

/** The share of a table's rows that must be unsorted before it is re-sorted, so that a large table is not rewritten for a small tail. */
export const MIN_UNSORTED_SHARE = 0.2;

/** A table's rows, and how many of them the last sort (or migration 9) left in order. */
export interface TableLayout {
  rows: number;
  sortedRows: number;
}

/** Reads a key/value table's row count and its sorted rows (table_layout, schema 9). */
export async function readTableLayout(connection: DuckDBConnection, table: KeyValueTable): Promise<TableLayout> {
  const result = await connection.runAndReadAll(`SELECT (SELECT count(*) FROM ${table}), (SELECT sorted_rows FROM table_layout WHERE table_name = $1)`, [table]);
  const [rows, sortedRows] = result.getRows()[0]!;
  return { rows: Number(rows), sortedRows: Number(sortedRows ?? 0) };
}

/**
 * Whether a table has enough unsorted rows to re-sort: max(MIN_UNSORTED_ROWS,
 * MIN_UNSORTED_SHARE of its rows). Rows are counted, not positions: deleted
 * sorted rows (a changed tag is deleted and appended) make the unsorted count
 * an underestimate, which only delays a sort.
 */
export function needsSort({ rows, sortedRows }: TableLayout): boolean {
  const unsorted = rows - sortedRows;
  return unsorted >= Math.max(MIN_UNSORTED_ROWS, MIN_UNSORTED_SHARE * rows);
}

/**
 * Rewrites `table` in (key, owner key) order and records all its rows as
 * sorted, in one transaction: a failure rolls back and leaves the table as it
 * was. The copy is made from the table's own CREATE statement (DuckDB keeps
 * it), so its columns and NOT NULL constraints stay what the migrations made
 * them (CREATE TABLE AS would drop the constraints, and was measured no
 * faster: ~1.2 s either way for 1,000,000 rows); these tables have no index
 * or key that a copy would need to rebuild. Its cost: see where StoreHost
 * calls it (local/store-host.ts).
 */
export async function sortKeyValueTable(connection: DuckDBConnection, table: KeyValueTable): Promise<void> {
  const sorting = `${table}_sorting`;
  await connection.run('BEGIN TRANSACTION');
  try {
    const created = await connection.runAndReadAll(`SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = $1`, [table]);
    const statement = String(created.getRows()[0]?.[0] ?? '');
    const renamed = statement.replace(/^CREATE TABLE\s+("?)\w+\1\s*\(/iu, `CREATE TABLE ${sorting}(`);
    if (renamed === statement) throw new Error(`Cannot re-sort ${table}: its CREATE statement is not the expected one (${statement.slice(0, 80)}).`);
    await connection.run(renamed);
    await connection.run(`INSERT INTO ${sorting} SELECT * FROM ${table} ORDER BY key, ${OWNER_KEY[table]}`);
    await connection.run(`DROP TABLE ${table}`);
    await connection.run(`ALTER TABLE ${sorting} RENAME TO ${table}`);
    await connection.run(`INSERT OR REPLACE INTO table_layout SELECT $1, count(*) FROM ${table}`, [table]);
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** What sortKeyValueTables did. */
export interface SortOutcome {
  /** The tables re-sorted. */
  sorted: KeyValueTable[];
  /** Whether it stopped (shouldStop) with a table still to sort. */
  stopped: boolean;
}

/**
 * Re-sorts each key/value table that needs it (needsSort), one transaction
 * each, asking `shouldStop` before each so that a caller holding the file
 * for others can let go between tables.
 */
export async function sortKeyValueTables(connection: DuckDBConnection, shouldStop: () => Promise<boolean> | boolean = () => false): Promise<SortOutcome> {
  const sorted: KeyValueTable[] = [];
  for (const table of KEY_VALUE_TABLES) {
    if (!needsSort(await readTableLayout(connection, table))) continue;
    if (await shouldStop()) return { sorted, stopped: true };
    await sortKeyValueTable(connection, table);
    sorted.push(table);
  }
  return { sorted, stopped: false };
}
