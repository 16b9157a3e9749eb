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
 * DuckDB's threads inside an app: it runs beside the app (and in its
 * process), so it takes at most two cores. Measured on 2 cores, appending
 * 200,000 span-sized rows: 1,000 per transaction ran as fast with 2 threads
 * as with DuckDB's default (one per core); 1 thread was up to 1.5x slower on
 * the checkpoints.
 */
export const DUCKDB_THREADS = '2';

/**
 * The memory DuckDB may use for a store file (not `:memory:`, whose data
 * lives in it). Measured appending 368,640 span-sized rows in 122,880-row
 * transactions: 128 MB as fast as no limit (the rows go to the file as the
 * transaction grows), 64 MB ~1.5x slower; the process's peak RSS is the
 * app's own and the rows handed over, not DuckDB's.
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
