import { createRequire } from 'node:module';
import type { WriteOperation } from '@assay/core';
import type * as StoreSpool from '@assay/store/spool';

/**
 * Appends writes to a local store directory's spool synchronously, for a
 * process that exits before its store was opened (its module is still
 * loading). It loads only the spool writer, never DuckDB; the next process
 * that opens the store ingests the writes.
 */
export function spoolToDirectorySync(root: string, operations: readonly WriteOperation[]): void {
  // Synchronous: at exit nothing asynchronous runs any more (Node >= 20.19 requires ES modules).
  const { spoolWritesSync } = createRequire(import.meta.url)('@assay/store/spool') as typeof StoreSpool;
  spoolWritesSync({ root, operations });
}
