import { describe } from 'vitest';
import { describeArtifactsContract } from './contract/artifacts-contract.js';
import { describeAssessmentsContract } from './contract/assessments-contract.js';
import { describeCostContract } from './contract/cost-contract.js';
import { describeDatasetsContract } from './contract/datasets-contract.js';
import { describeEvaluationRowsContract } from './contract/evaluation-rows-contract.js';
import { describeExperimentsContract } from './contract/experiments-contract.js';
import { describeLifecycleContract } from './contract/lifecycle-contract.js';
import { describeLogBatchContract } from './contract/log-batch-contract.js';
import { describeRunsContract } from './contract/runs-contract.js';
import { describeSearchRunsAfterChangesContract } from './contract/search-runs-after-changes-contract.js';
import { describeSearchRunsContract } from './contract/search-runs-contract.js';
import { describeSqlContract } from './contract/sql-contract.js';
import type { StoreUnderTest } from './contract/store-fixture.js';
import { describeTracesContract } from './contract/traces-contract.js';
import { describeUnknownIdsContract } from './contract/unknown-ids-contract.js';

/**
 * Registers a vitest `describe(name)` block that checks a Store implementation
 * against the contract of `Store`. Tests that write get a new, empty store
 * from `createStore` each; groups of read-only tests share one seeded store.
 * Every store is closed, then its `cleanup` is called.
 *
 * @example
 * describeStoreContract('DuckDbStore on :memory:', async () => ({
 *   store: await DuckDbStore.open({ path: ':memory:' }),
 * }));
 */
export function describeStoreContract(name: string, createStore: () => Promise<StoreUnderTest>): void {
  describe(name, () => {
    describeExperimentsContract(createStore);
    describeRunsContract(createStore);
    describeLogBatchContract(createStore);
    describeSearchRunsContract(createStore);
    describeSearchRunsAfterChangesContract(createStore);
    describeArtifactsContract(createStore);
    describeUnknownIdsContract(createStore);
    describeSqlContract(createStore);
    describeLifecycleContract(createStore);
    describeTracesContract(createStore);
    describeAssessmentsContract(createStore);
    describeCostContract(createStore);
    describeDatasetsContract(createStore);
    describeEvaluationRowsContract(createStore);
  });
}
