import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunInfo, SearchRunsResult } from '@assay/core';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../../__fixtures__/run-cli.js';

describe('assay runs delete|restore', () => {
  let directory: { path: string; remove: () => Promise<void> };
  let runId: string;
  beforeEach(async () => {
    directory = await createTemporaryStoreDirectory();
    const store = await LocalStore.open({ root: directory.path });
    runId = (await store.createRun({ experimentId: '0', runName: 'to-delete' })).info.runId;
    await store.close();
  });
  afterEach(async () => {
    await directory.remove();
  });

  const listed = async (view: string): Promise<string[]> =>
    (await runCliJson<SearchRunsResult>(directory.path, ['runs', 'list', '--view', view])).runs.map((run) => run.info.runId);

  it('deletes a run (it leaves the default listing) and says how to undo it; restore brings it back', async () => {
    const deleted = await runCli(directory.path, ['runs', 'delete', runId]);
    expect(deleted).toMatchObject({ exitCode: 0, stderr: '' });
    expect(deleted.stdout).toBe(`Deleted run ${runId} ('to-delete'). Undo with: assay --tracking-uri ${directory.path} runs restore ${runId}\n`);
    expect(await listed('active')).toEqual([]);
    expect(await listed('deleted')).toEqual([runId]);

    const restored = await runCliJson<RunInfo>(directory.path, ['runs', 'restore', runId]);
    expect(restored).toMatchObject({ runId, lifecycleStage: 'active' });
    expect(await listed('active')).toEqual([runId]);
    expect((await runCli(directory.path, ['runs', 'restore', runId])).stdout).toBe(`Restored run ${runId} ('to-delete').\n`);
  });

  it('prints the run after a delete as JSON, and fails for an unknown run', async () => {
    expect(await runCliJson<RunInfo>(directory.path, ['runs', 'delete', runId])).toMatchObject({ runId, lifecycleStage: 'deleted' });
    const unknown = await runCli(directory.path, ['runs', 'delete', 'f'.repeat(32)]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/not found/iu);
  });
});
