import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { setTrackingUri } from '@assay/sdk';
import { resetForTests } from '@assay/sdk/test';

/** A fresh local store (a temp directory as tracking URI) and fresh SDK state for each test; returns a getter for the directory. */
export function useTempStore(): () => string {
  let root = '';
  beforeEach(async () => {
    await resetForTests();
    root = await mkdtemp(join(tmpdir(), 'assay-evaluate-'));
    setTrackingUri(root);
  });
  afterEach(async () => {
    await resetForTests();
    await rm(root, { recursive: true, force: true });
  });
  return () => root;
}
