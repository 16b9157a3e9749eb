import type { DuckDBConnection } from '@duckdb/node-api';
import type { ModelVersion } from '@assay/core';

/**
 * Model versions read one at a time by number or alias (what a serving app
 * asks on every request: `models:/name@champion`), kept per connection until
 * the next registry change made on it.
 *
 * Why this is safe: one process holds a store file at a time (DuckDB's lock;
 * a LocalStore opens a new connection, and so a new cache, each time it takes
 * the file), the holder's operations run one at a time on its one connection,
 * and every registry change records an audit event in its transaction, which
 * calls registryChanged: so no read can see a cache older than the last
 * change. A read inside a change's own transaction does not use the cache.
 */
const caches = new WeakMap<DuckDBConnection, Map<string, ModelVersion>>();

/** Versions kept per connection; the least recently used is dropped beyond it. */
export const MAX_CACHED_VERSIONS = 1000;

/** Forgets the connection's cached versions: called by every registry change (recordRegistryEvent). */
export function registryChanged(connection: DuckDBConnection): void {
  caches.delete(connection);
}

function copyOf(version: ModelVersion): ModelVersion {
  return { ...version, tags: { ...version.tags }, aliases: [...version.aliases] };
}

/** The version `key` names, from the cache or read (and then cached); the caller gets its own copy. */
export async function cachedModelVersion(connection: DuckDBConnection, key: string, read: () => Promise<ModelVersion>): Promise<ModelVersion> {
  let cache = caches.get(connection);
  const cached = cache?.get(key);
  if (cached !== undefined) {
    cache!.delete(key); // re-inserted last: the most recently used
    cache!.set(key, cached);
    return copyOf(cached);
  }
  const version = await read();
  if (cache === undefined) caches.set(connection, (cache = new Map()));
  cache.set(key, copyOf(version));
  if (cache.size > MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value!);
  return version;
}
