import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRegistryStoreContract } from '@assay/core/test';
import { DuckDbStore } from '../duckdb-store.js';
import { LocalStore } from '../local/local-store.js';

describeRegistryStoreContract('model registry on DuckDbStore (:memory:)', async () => ({ store: await DuckDbStore.open({ path: ':memory:' }) }));

describeRegistryStoreContract('model registry on LocalStore in a temp directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'assay-registry-contract-'));
  return { store: await LocalStore.open({ root }), cleanup: () => rm(root, { recursive: true, force: true }) };
});
