import { AssayError, type RegistryStore, type Store } from '@assay/core';

const REGISTRY_METHODS = ['createRegisteredModel', 'getRegisteredModel', 'searchRegisteredModels', 'createModelVersion', 'getModelVersion'] as const;

/** The store's model registry when it has one (DuckDbStore and LocalStore do), else undefined. */
export function registryOfStore(store: Store): RegistryStore | undefined {
  const candidate = store as Store & Partial<RegistryStore>;
  return REGISTRY_METHODS.every((method) => typeof candidate[method] === 'function') ? (candidate as RegistryStore) : undefined;
}

/** The server's registry, or NOT_IMPLEMENTED when its store has none. */
export function requireRegistry(registry: RegistryStore | undefined): RegistryStore {
  if (registry === undefined) throw new AssayError('NOT_IMPLEMENTED', "This server's store has no model registry (serve a DuckDbStore or LocalStore).");
  return registry;
}
