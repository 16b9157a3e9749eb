import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRegistryStore } from '@assay/core';
import { describeRegistryStoreContract } from '@assay/core/test';
import { DirectoryStore } from './directory-store.js';

// The registry contract through the store an SDK process opens for a directory (on the file route here).
describeRegistryStoreContract('model registry through DirectoryStore', async () => {
  const root = await mkdtemp(join(tmpdir(), 'assay-directory-registry-'));
  return { store: await DirectoryStore.open({ root }), cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('DirectoryStore', () => {
  it('is a RegistryStore', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-directory-registry-'));
    const store = await DirectoryStore.open({ root });
    try {
      expect(isRegistryStore(store)).toBe(true);
      expect(store.via).toBe('file');
    } finally {
      await store.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
