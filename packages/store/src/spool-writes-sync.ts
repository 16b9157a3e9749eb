// `@assay/store/spool`: the durable spool of writes, without opening a
// database or loading DuckDB at all. spoolWritesSync is for a process that is
// exiting and never opened its store (the next process that opens the store
// ingests the writes); Spool is the spool itself, which the SDK's HTTP store
// also keeps its writes in while its server cannot be reached.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WriteOperation } from '@assay/core';
import { SPOOL_DIRECTORY, Spool } from './local/spool.js';

export { SPOOL_DIRECTORY, Spool, encodeOperations } from './local/spool.js';
export type { SpoolSegment, WriteOrigin } from './local/spool.js';

/** Options of `spoolWritesSync`. */
export interface SpoolWritesSyncOptions {
  /** The store directory (it holds `assay.duckdb`, `artifacts/` and `spool/`); created if missing. */
  root: string;
  /** The writes, applied in order by the next process that opens the store. */
  operations: readonly WriteOperation[];
}

/** Appends writes to a store directory's spool synchronously (fsync'd), without touching the database. */
export function spoolWritesSync(options: SpoolWritesSyncOptions): void {
  if (options.operations.length === 0) return;
  const spool = new Spool(join(resolve(options.root), SPOOL_DIRECTORY));
  mkdirSync(spool.directory, { recursive: true });
  spool.writeSync(options.operations);
}
