import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { setTrackingUri } from '../fluent/configuration.js';
import { resetForTests } from '../testing/reset-for-tests.js';

/** Gives each test a fresh store directory as tracking URI and fresh SDK state; returns a getter for the directory. */
export function useTempTrackingUri(): () => string {
  let root = '';
  beforeEach(async () => {
    await resetForTests();
    root = await mkdtemp(join(tmpdir(), 'assay-sdk-'));
    setTrackingUri(root);
  });
  afterEach(async () => {
    await resetForTests();
    await rm(root, { recursive: true, force: true });
  });
  return () => root;
}
