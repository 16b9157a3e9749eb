import { AssayError, type AssayErrorOptions } from '@assay/core';

/** Options of StoreServedError. */
export interface StoreServedErrorOptions extends AssayErrorOptions {
  /** The URL of the server that holds the store. */
  url: string;
}

/**
 * A local store's database file is held by an `assay server` that announced
 * itself in the store directory (see server-announcement.ts): a process that
 * can talk to it over HTTP stops waiting for the file and does so. It has the
 * code of StoreBusyError (the file is busy), for callers that do not know it.
 */
export class StoreServedError extends AssayError {
  /** The server's URL. */
  readonly url: string;

  constructor(message: string, options: StoreServedErrorOptions) {
    super('STORE_BUSY', message, options);
    this.name = 'StoreServedError';
    this.url = options.url;
  }
}

/** Whether an error is a StoreServedError, also one that crossed from a store's worker thread (which keeps its name, not its class). */
export function isStoreServedError(error: unknown): error is StoreServedError {
  return AssayError.isInstance(error) && error.code === 'STORE_BUSY' && (error as Error).name === 'StoreServedError';
}
