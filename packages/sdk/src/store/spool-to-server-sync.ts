import { createRequire } from 'node:module';
import type { WriteOperation } from '@assay/core';
import type * as SdkHttp from '../http.js';

/**
 * Spools writes for a server synchronously, for a process that exits before
 * its HTTP store was opened; the next HTTP store for that server sends them.
 * It loads only the HTTP entry's spool, never DuckDB.
 */
export function spoolToServerSync(url: string, operations: readonly WriteOperation[]): void {
  // Synchronous: at exit nothing asynchronous runs any more (Node >= 20.19 requires ES modules).
  const { spoolForServerSync } = createRequire(import.meta.url)('@assay/sdk/http') as typeof SdkHttp;
  spoolForServerSync({ url, operations });
}
