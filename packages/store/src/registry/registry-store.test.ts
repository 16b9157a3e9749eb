import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRegistryStoreContract } from '@assay/core/test';
import { DuckDbStore } from '../duckdb-store.js';
import { LocalStore } from '../local/local-store.js';

describeRegistryStoreContract('model registry on DuckDbStore (:memory:)', async () => ({ store: await DuckDbStore.open({ path: ':memory:' }) }));

describeRegistryStoreContract('model registry on LocalStore in a temp directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'assay-registry-contract-'));
  return { store: await LocalStore.open({ root }), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('LocalStore registry calls', () => {
  it('runs the first call of a new database thread once (it registers one version, not two)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-registry-first-call-'));
    try {
      const setup = await LocalStore.open({ root });
      await setup.createRegisteredModel({ name: 'm' });
      await setup.close();
      // A new store, hence a new database thread, whose first call is the registration.
      const store = await LocalStore.open({ root });
      expect((await store.createModelVersion({ name: 'm', source: 'file:///m' })).version).toBe(1);
      expect((await store.searchModelVersions({ filter: "name = 'm'" })).items.map((version) => version.version)).toEqual([1]);
      await store.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
