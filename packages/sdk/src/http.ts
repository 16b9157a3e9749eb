// `@assay/sdk/http`: the Store over an Assay server's HTTP API, for code that
// wants one without the rest of the SDK (tools, tests). The SDK itself opens
// one for an `http(s)://` tracking URI. It loads neither DuckDB nor the local
// store.
export { HttpStore } from './http/http-store.js';
export type { HttpStoreOptions } from './http/http-store.js';
export type { SpoolStatus } from './http/write-sender.js';
export type { RetryOptions } from './http/retry-policy.js';
export { DEFAULT_RETRY } from './http/retry-policy.js';
export { HTTP_SPOOL_DIR_ENV, defaultSpoolDirectory, spoolForServerSync } from './http/server-spool.js';
export type { SpoolForServerSyncOptions } from './http/server-spool.js';
