import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StoreBusyError, errorMessage } from '@assay/core';
import { isLockConflict, openDuckDb } from '../duckdb/open-duckdb.js';
import { DuckDbStore } from '../duckdb-store.js';
import { ingestSpool } from '../local/ingest-spool.js';
import { DATABASE_FILE, defaultBusyTimeoutMs } from '../local/local-store.js';
import { SPOOL_DIRECTORY, Spool } from '../local/spool.js';
import { BusyDatabase, waitForDatabase } from '../local/wait-for-database.js';
import { isProcessAlive } from '../process-identity.js';
import { LATEST_SCHEMA_VERSION, migrate, tablesOfVersion } from '../schema/migrations.js';
import { ensureDefaultExperiment } from '../writes/ensure-default-experiment.js';
import { checkStore, type StoreCheckReport } from './check-store.js';
import { copyAtPreviousCheckpoint } from './copy-at-previous-checkpoint.js';
import { copyReadableRows, type TableRecovery } from './copy-readable-rows.js';

/** Options of recoverStore. */
export interface RecoverStoreOptions {
  /** The store directory (it holds `assay.duckdb` and `spool/`). */
  root: string;
  /** How long to wait while another process holds the file; default as LocalStore. */
  busyTimeoutMs?: number;
}

/** What recoverStore did. */
export interface StoreRecoveryReport {
  /** `recovered`: a new store replaced the damaged file; `not-needed`: the store was healthy or missing, and nothing changed. */
  status: 'recovered' | 'not-needed';
  /** What the check before found. */
  check: StoreCheckReport;
  /** Where the damaged file (and its WAL, with `.wal` added) was moved. */
  damagedFile?: string;
  /**
   * What rows were read from: `file` (the damaged file as it is),
   * `previous-checkpoint` (its checkpoint before the last: the latest
   * writes are missing), or `none` (nothing could be read).
   */
  readFrom?: 'file' | 'previous-checkpoint' | 'none';
  /** Why nothing, or only the previous checkpoint, could be read. */
  unreadable?: string;
  /** Per table of the new store: rows in the damaged file and rows copied. */
  tables: TableRecovery[];
  /** The spool applied to the new store: segments, and writes refused (kept in `rejected_writes`). */
  spool: { segments: number; rejected: number };
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * Takes `<database>.creating`, the marker that keeps every LocalStore from
 * creating the database file: while recoverStore moves the damaged file
 * aside and puts the new one in place, no process makes an empty store there.
 */
async function takeCreationMarker(databasePath: string): Promise<string> {
  const marker = `${databasePath}.creating`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await writeFile(marker, String(process.pid), { flag: 'wx' });
      return marker;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const creator = Number(await readFile(marker, 'utf8').catch(() => ''));
      if (attempt > 0 || isProcessAlive(creator)) {
        throw new StoreBusyError(`Process ${creator} is creating the store file ${databasePath}; retry once it is done.`, { holder: { pid: creator } });
      }
      await rm(marker, { force: true });
    }
  }
}

/** Copies what the damaged file (or its previous checkpoint) still reads into a new store at `newPath`. */
async function buildRecoveredStore(damagedFile: string, newPath: string): Promise<Pick<StoreRecoveryReport, 'readFrom' | 'unreadable' | 'tables'>> {
  await rm(newPath, { force: true });
  await rm(`${newPath}.wal`, { force: true });
  const handle = await openDuckDb({ path: newPath });
  const previous = `${damagedFile}.previous-checkpoint`;
  try {
    const { connection } = handle;
    await migrate(connection);
    let readFrom: StoreRecoveryReport['readFrom'] = 'file';
    let unreadable: string | undefined;
    try {
      await connection.run(`ATTACH ${sqlString(damagedFile)} AS damaged (READ_ONLY)`);
    } catch (error) {
      unreadable = errorMessage(error);
      readFrom = 'none';
      if (await copyAtPreviousCheckpoint({ path: damagedFile, copyPath: previous })) {
        try {
          await connection.run(`ATTACH ${sqlString(previous)} AS damaged (READ_ONLY)`);
          readFrom = 'previous-checkpoint';
        } catch {
          // The previous checkpoint is gone too.
        }
      }
    }
    let tables: TableRecovery[] = [];
    if (readFrom !== 'none') {
      tables = await copyReadableRows({ connection, source: 'damaged', tables: tablesOfVersion(LATEST_SCHEMA_VERSION) });
      await connection.run('DETACH damaged');
    }
    await ensureDefaultExperiment(connection);
    await connection.run('CHECKPOINT');
    return { readFrom, ...(unreadable !== undefined ? { unreadable } : {}), tables };
  } finally {
    handle.closeSync();
    await rm(previous, { force: true });
  }
}

/**
 * Rebuilds a damaged store: moves the database file aside (as
 * `assay.duckdb.damaged-<time>`, never deleted), copies into a new database
 * what DuckDB can still read of it (every readable row of every Assay table;
 * from its previous checkpoint when the file does not open at all), puts the
 * new database in place and applies the spool to it. Does nothing to a
 * healthy or missing store; StoreBusyError while another process holds it.
 */
export async function recoverStore({ root, busyTimeoutMs }: RecoverStoreOptions): Promise<StoreRecoveryReport> {
  const directory = resolve(root);
  const databasePath = join(directory, DATABASE_FILE);
  const timeoutMs = busyTimeoutMs ?? defaultBusyTimeoutMs();
  const check = await checkStore({ root: directory, busyTimeoutMs: timeoutMs });
  if (check.status === 'busy') throw new StoreBusyError(check.problems[0] ?? `The store file ${databasePath} is busy.`, check.holder ? { holder: check.holder } : {});
  if (check.status !== 'damaged') return { status: 'not-needed', check, tables: [], spool: { segments: 0, rejected: 0 } };

  const marker = await takeCreationMarker(databasePath);
  const damagedFile = `${databasePath}.damaged-${new Date().toISOString().replace(/[:.]/gu, '-')}`;
  let built: Awaited<ReturnType<typeof buildRecoveredStore>>;
  try {
    await rename(databasePath, damagedFile);
    if (await exists(`${databasePath}.wal`)) await rename(`${databasePath}.wal`, `${damagedFile}.wal`);
    const newPath = `${databasePath}.recovering`;
    try {
      built = await buildRecoveredStore(damagedFile, newPath);
    } catch (error) {
      // Leave things as they were, so that nothing is half done and recover can run again.
      await rename(damagedFile, databasePath);
      if (await exists(`${damagedFile}.wal`)) await rename(`${damagedFile}.wal`, `${databasePath}.wal`);
      throw error;
    }
    await rename(newPath, databasePath);
  } finally {
    await rm(marker, { force: true });
  }

  // Other processes may open the new store first (and apply the spool themselves).
  const store = await waitForDatabase({
    databasePath,
    waitingDirectory: join(directory, 'waiting'),
    timeoutMs,
    tryOpen: () =>
      DuckDbStore.open({ path: databasePath }).catch((error: unknown) => {
        if (isLockConflict(error)) return new BusyDatabase(error);
        throw error;
      }),
  });
  try {
    const ingested = await ingestSpool({ spool: new Spool(join(directory, SPOOL_DIRECTORY)), store });
    return { status: 'recovered', check, damagedFile, ...built, spool: { segments: ingested.segments, rejected: ingested.rejected } };
  } finally {
    await store.close();
  }
}
