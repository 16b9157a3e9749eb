import { AssayError, isRegistryStore, type RegistryStore, type Store } from '@assay/core';

/** The store's model registry when it has the whole of it (DuckDbStore, LocalStore and HttpStore do), else undefined. */
export function registryOfStore(store: Store): RegistryStore | undefined {
  return isRegistryStore(store) ? store : undefined;
}

/** The server's registry, or NOT_IMPLEMENTED when its store has none. */
export function requireRegistry(registry: RegistryStore | undefined): RegistryStore {
  if (registry === undefined) throw new AssayError('NOT_IMPLEMENTED', "This server's store has no model registry (serve a DuckDbStore or LocalStore).");
  return registry;
}
