import type { WriteOperation } from './write-operation.js';

/** Options of SyncWriter.writeSync. */
export interface SyncWriteOptions {
  /**
   * How long, at most, to wait for a database transaction in progress to
   * finish before saving what it has not made durable (which is then stored
   * once, whichever copy lands first). Signals set a short one: whoever sent
   * the signal may kill the process soon after (`next dev` does after
   * 100 ms). Default: the store's own (LocalStore's `exitWaitMs`).
   */
  waitMs?: number;
}

/**
 * An optional capability of a store: persisting validated writes
 * synchronously, e.g. to a spool file from a process 'exit' handler, where
 * nothing asynchronous runs any more. The writes are applied later (by the
 * next process that opens the store); one that cannot be applied then is
 * kept aside, not thrown. The SDK uses it to save buffered writes at exit
 * without knowing which store it has.
 */
export interface SyncWriter {
  /**
   * Durably records `operations` before returning, without checking them
   * against stored data. Throws only when they cannot be recorded at all
   * (e.g. the disk is full).
   */
  writeSync(operations: readonly WriteOperation[], options?: SyncWriteOptions): void;
  /**
   * True when `writeSync` also saves every write the store's methods were
   * given and have not finished (a `logBatch` whose promise has not settled
   * when the process exits): callers then leave those out, and still call
   * `writeSync` (with no operations, if need be) so that the store does.
   */
  readonly ownsPendingWrites?: boolean;
}

/** True when `store` can persist writes synchronously (see SyncWriter). */
export function canWriteSync(store: unknown): store is SyncWriter {
  return typeof store === 'object' && store !== null && typeof (store as Partial<SyncWriter>).writeSync === 'function';
}

/** True when `store` saves at exit the writes it was given and has not finished (see SyncWriter.ownsPendingWrites). */
export function ownsPendingWrites(store: unknown): boolean {
  return canWriteSync(store) && store.ownsPendingWrites === true;
}
