import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvedModules } from '../../../test/fixtures/resolved-modules.js';

describe('@assay/store/spool', () => {
  it('spools writes to a store directory loading neither DuckDB nor the rest of the store', async () => {
    const root = await mkdtemp(join(tmpdir(), 'assay-spool-sync-'));
    try {
      const script =
        "import { spoolWritesSync } from '@assay/store/spool'; " +
        `spoolWritesSync({ root: ${JSON.stringify(root)}, operations: [{ op: 'deleteTag', runId: 'r', key: 'k' }] });`;
      const { status, stderr, modules } = resolvedModules({ args: ['--input-type=module', '--eval', script] });
      expect([status, stderr]).toEqual([0, '']);
      expect((await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'))).toHaveLength(1);
      expect(modules.some((url) => url.endsWith('/packages/store/src/local/spool.ts'))).toBe(true);
      const loaded = modules.filter((url) => !url.startsWith('node:') && !/\/packages\/core\/src\//u.test(url));
      expect(loaded.map((url) => url.replace(/^.*\/packages\//u, 'packages/')).sort()).toEqual([
        'packages/store/src/local/spool.ts',
        'packages/store/src/process-identity.ts',
        'packages/store/src/spool-writes-sync.ts',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
