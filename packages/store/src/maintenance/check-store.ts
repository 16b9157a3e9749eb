import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AssayError, errorMessage, type StoreHolder } from '@assay/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describeDamage } from '../duckdb/diagnose-damage.js';
import { isLockConflict, openDuckDb, type DuckDbHandle } from '../duckdb/open-duckdb.js';
import { DATABASE_FILE, defaultBusyTimeoutMs } from '../local/local-store.js';
import { SPOOL_DIRECTORY, Spool } from '../local/spool.js';
import { BusyDatabase, waitForDatabase } from '../local/wait-for-database.js';
import { LATEST_SCHEMA_VERSION, inspectSchema } from '../schema/migrations.js';

/** Options of checkStore. */
export interface CheckStoreOptions {
  /** The store directory (it holds `assay.duckdb` and `spool/`). */
  root: string;
  /** How long to wait while another process holds the file; default as LocalStore (ASSAY_STORE_BUSY_TIMEOUT_MS, else 30 s). */
  busyTimeoutMs?: number;
}

/** How one table read. */
export interface TableCheck {
  /** The table's name. */
  name: string;
  /** Its row count, from the table's metadata; undefined when even that could not be read. */
  rows?: number;
  /** Why reading every row failed; undefined when all rows read. */
  error?: string;
}

/** Writes waiting in a store's spool. */
export interface SpoolBacklog {
  /** Complete segments waiting to be applied. */
  segments: number;
  /** Writes in them. */
  operations: number;
  /** Segments set aside in `spool/unreadable/` (never applied). */
  unreadable: number;
}

/** What checkStore found. */
export interface StoreCheckReport {
  /** The database file checked. */
  databasePath: string;
  /**
   * `healthy`: every check passed; `damaged`: the file cannot be used as it
   * is (see problems); `missing`: there is no database file (the next
   * process that opens the store creates it); `busy`: another process held
   * the file for the whole wait, so it could not be checked.
   */
  status: 'healthy' | 'damaged' | 'missing' | 'busy';
  /** What is wrong, one sentence each; empty when healthy. */
  problems: string[];
  /** The process holding the file, when busy and it could be found. */
  holder?: StoreHolder;
  /** The file's size in bytes. */
  sizeBytes?: number;
  /** The schema version the file has, when it could be read. */
  schemaVersion?: number;
  /** The schema version this Assay writes. */
  latestSchemaVersion: number;
  /** Each table, read in full. */
  tables: TableCheck[];
  /** Spooled writes that could not be applied, kept in the `rejected_writes` table. */
  rejectedWrites?: number;
  /** Writes waiting in the spool. */
  spool: SpoolBacklog;
}

async function readSpoolBacklog(root: string): Promise<SpoolBacklog> {
  const spool = new Spool(join(root, SPOOL_DIRECTORY));
  let operations = 0;
  const ids = await spool.pending();
  for (const id of ids) operations += (await spool.read(id))?.operations.length ?? 0;
  const unreadable = await readdir(join(spool.directory, 'unreadable')).catch(() => []);
  // read() sets unreadable segments aside, so count what is still pending after reading.
  return { segments: (await spool.pending()).length, operations, unreadable: unreadable.length };
}

async function countRows(connection: DuckDBConnection, query: string): Promise<number> {
  return Number((await connection.runAndReadAll(query)).getRows()[0]?.[0] ?? 0);
}

/**
 * Reads every table in full: DuckDB checks each block's checksum as it reads
 * it, and the storage metadata of each column (pragma_storage_info); the row
 * count comes from the table's metadata, so it is known even when rows are not.
 */
async function checkTables(connection: DuckDBConnection, names: readonly string[]): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const name of names) {
    const check: TableCheck = { name };
    try {
      check.rows = await countRows(connection, `SELECT count(*) FROM "${name}"`);
      await connection.run(`SELECT count(*) FROM pragma_storage_info('${name}')`);
      await connection.run(`SELECT count(hash(row_value)) FROM "${name}" AS row_value`);
    } catch (error) {
      check.error = errorMessage(error);
    }
    checks.push(check);
  }
  return checks;
}

/**
 * Checks a store directory without changing its database (it opens it read
 * only, waiting like any Assay process while another holds it): the file
 * opens as a DuckDB database, holds Assay's schema at a version this Assay
 * reads with all its tables, and every row of every table reads back. Also
 * counts rows, rejected spooled writes and the spool's backlog. Reading the
 * spool settles files that writers killed mid-write left (see Spool).
 */
export async function checkStore({ root, busyTimeoutMs }: CheckStoreOptions): Promise<StoreCheckReport> {
  const directory = resolve(root);
  const databasePath = join(directory, DATABASE_FILE);
  const spool = await readSpoolBacklog(directory);
  const report: StoreCheckReport = { databasePath, status: 'healthy', problems: [], latestSchemaVersion: LATEST_SCHEMA_VERSION, tables: [], spool };
  const size = await stat(databasePath).then((info) => info.size, () => undefined);
  if (size === undefined || size === 0) {
    return { ...report, status: 'missing', problems: [`There is no database file at ${databasePath}; the next process that opens the store creates it.`] };
  }
  report.sizeBytes = size;
  let handle: DuckDbHandle;
  try {
    handle = await waitForDatabase({
      databasePath,
      waitingDirectory: join(directory, 'waiting'),
      timeoutMs: busyTimeoutMs ?? defaultBusyTimeoutMs(),
      tryOpen: () =>
        openDuckDb({ path: databasePath, readOnly: true }).catch((error: unknown) => {
          if (isLockConflict(error)) return new BusyDatabase(error);
          throw error;
        }),
    });
  } catch (error) {
    if (AssayError.isInstance(error) && error.code === 'STORE_BUSY') {
      const holder = (error as { holder?: StoreHolder }).holder;
      return { ...report, status: 'busy', problems: [error.message], ...(holder ? { holder } : {}) };
    }
    const damage = describeDamage(error);
    if (damage === undefined) throw error;
    return { ...report, status: 'damaged', problems: [`DuckDB cannot open the file: ${damage} (DuckDB: ${errorMessage(error)}).`] };
  }
  try {
    const schema = await inspectSchema(handle.connection);
    report.schemaVersion = schema.version;
    if (schema.problem !== undefined) report.problems.push(`The database is not a usable Assay store: ${schema.problem}.`);
    if (schema.version > LATEST_SCHEMA_VERSION) {
      report.problems.push(`Its schema version ${schema.version} is newer than this Assay reads (${LATEST_SCHEMA_VERSION}): upgrade Assay.`);
    }
    report.tables = await checkTables(handle.connection, [...schema.tables].sort());
    for (const table of report.tables) {
      if (table.error !== undefined) report.problems.push(`Table ${table.name} cannot be read in full: ${describeDamage(table.error) ?? 'DuckDB failed on it'} (DuckDB: ${table.error}).`);
    }
    if (schema.tables.has('rejected_writes') && report.tables.find((table) => table.name === 'rejected_writes')?.error === undefined) {
      report.rejectedWrites = await countRows(handle.connection, 'SELECT count(*) FROM rejected_writes');
    }
  } finally {
    handle.closeSync();
  }
  return report.problems.length > 0 ? { ...report, status: 'damaged' } : report;
}
