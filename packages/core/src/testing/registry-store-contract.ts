import { describe } from 'vitest';
import { describeRegistryContract, type RegistryStoreUnderTest } from './contract/registry-contract.js';
import type { StoreUnderTest } from './contract/store-fixture.js';

/**
 * Registers a vitest `describe(name)` block that checks an implementation of
 * the model registry (RegistryStore) against its contract; each test gets a
 * new, empty store from `createStore`. Apart from describeStoreContract while
 * only some stores implement the registry.
 */
export function describeRegistryStoreContract(name: string, createStore: () => Promise<StoreUnderTest<RegistryStoreUnderTest>>): void {
  describe(name, () => {
    describeRegistryContract(createStore);
  });
}
