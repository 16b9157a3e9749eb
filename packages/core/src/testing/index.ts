export { describeStoreContract } from './store-contract.js';
export type { StoreUnderTest } from './contract/store-fixture.js';
export { describeRegistryStoreContract } from './registry-store-contract.js';
export type { RegistryStoreUnderTest } from './contract/registry-contract.js';
export { expectAssayError } from './contract/expect-assay-error.js';
export { TEST_TRACE_ID, testChildSpan, testSpan } from './span-fixture.js';
