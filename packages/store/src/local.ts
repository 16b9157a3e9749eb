// `@assay/store/local`: the embedded LocalStore alone. Unlike the package's
// main entry (DuckDbStore, migrations, check and recover), it does not load
// DuckDB: a LocalStore loads it in its worker thread (or, inline, when it
// first reaches the database), so the app's thread never pays for it.
export { LocalStore, BUSY_TIMEOUT_ENV, DATABASE_FILE } from './local/local-store.js';
export type { LocalStoreOptions } from './local/local-store.js';
export type { StoreThread } from './local/store-client.js';
