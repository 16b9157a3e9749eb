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
}

/**
 * Opens a DuckDB file (or `:memory:`) with extension auto-install and
 * auto-load off: they would try to download at run time, which fails offline
 * and stalls for seconds.
 */
export async function openDuckDb({ path, readOnly = false }: OpenDuckDbOptions): Promise<DuckDbHandle> {
  const instance = await DuckDBInstance.create(path, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
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
