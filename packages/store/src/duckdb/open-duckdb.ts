import { errorMessage } from '@assay/core';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** An open DuckDB database: the instance and its one connection. */
export interface DuckDbHandle {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  /** Closes the connection and the instance, releasing the file lock at once. */
  closeSync(): void;
}

/** Options of openDuckDb. */
export interface OpenDuckDbOptions {
  /** A database file, or `:memory:`. */
  path: string;
  /** Open without writing (no WAL checkpoint, no new file); another process holding the file still blocks it. */
  readOnly?: boolean;
  /**
   * The WAL size at which a commit checkpoints (DuckDB's
   * `checkpoint_threshold`, e.g. '1GB'); default DuckDB's own (16 MB). Set it
   * high only where something else checkpoints (when idle, before closing).
   */
  checkpointThreshold?: string;
}

/**
 * DuckDB's threads: it runs inside an app's process, beside the app. One
 * thread was no slower here (2 cores, 5 runs each, span-sized rows into a
 * file with a 128 MB limit): 200 transactions of 1,000 rows then a
 * checkpoint took 4.2 s (median; 2.2-5.3 s) with 1 thread and 4.7 s
 * (2.9-5.2 s) with 2, the checkpoint alone 0.9-1.4 s vs 1.0-2.6 s; three
 * 122,880-row transactions 4.8 s vs 6.1 s (median of 3). So it leaves the
 * other cores to the app.
 */
export const DUCKDB_THREADS = '1';

/**
 * The memory DuckDB may use for a store file (not `:memory:`, whose data
 * lives in it). Measured as above: with no limit the process peaked at
 * 470-530 MB RSS while 200,000 committed rows waited in the WAL for a
 * checkpoint, with 128 MB at 314-366 MB, in the same time (within the runs'
 * spread); large transactions (122,880 rows) ran as fast at 128 MB as
 * without a limit (their rows go to the file as the transaction grows).
 */
export const DUCKDB_MEMORY_LIMIT = '128MB';

/**
 * Opens a DuckDB file (or `:memory:`) with extension auto-install and
 * auto-load off (they would try to download at run time, which fails offline
 * and stalls for seconds), DuckDB's threads bounded (DUCKDB_THREADS) and,
 * for a file, its memory (DUCKDB_MEMORY_LIMIT).
 */
export async function openDuckDb({ path, readOnly = false, checkpointThreshold }: OpenDuckDbOptions): Promise<DuckDbHandle> {
  const instance = await DuckDBInstance.create(path, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    threads: DUCKDB_THREADS,
    ...(path === ':memory:' ? {} : { memory_limit: DUCKDB_MEMORY_LIMIT }),
    ...(checkpointThreshold !== undefined ? { checkpoint_threshold: checkpointThreshold } : {}),
    ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
  });
  let connection: DuckDBConnection;
  try {
    connection = await instance.connect();
  } catch (error) {
    instance.closeSync();
    throw error;
  }
  let closed = false;
  return {
    instance,
    connection,
    closeSync() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** True when opening failed because another process holds the database file. */
export function isLockConflict(error: unknown): boolean {
  const message = errorMessage(error);
  return /Could not set lock on file|Conflicting lock is held/u.test(message);
}
