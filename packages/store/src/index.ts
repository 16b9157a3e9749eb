export { DuckDbStore } from './duckdb-store.js';
export type { DuckDbStoreOptions } from './duckdb-store.js';
export { LocalStore } from './local/local-store.js';
export type { LocalStoreOptions } from './local/local-store.js';
export { LocalArtifactRepository, PROXY_ARTIFACT_SCHEME } from './artifacts/local-artifact-repository.js';
export { MIGRATIONS, LATEST_SCHEMA_VERSION, migrate, readSchemaVersion } from './schema/migrations.js';
export { isLockConflict } from './duckdb/open-duckdb.js';
