import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_TAGS } from '@assay/core';
import { DuckDbStore, LocalStore, isLockConflict } from '@assay/store';
import { readProcessStartTime } from '@assay/store/process';
import { spawnWorker, type Worker } from './spawn-worker.js';

/** The store's database opened directly (no LocalStore, so no check of runs), once the surviving worker lets it go. */
async function openWithoutChecks(root: string): Promise<DuckDbStore> {
  for (;;) {
    try {
      return await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
    } catch (error) {
      if (!isLockConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Starts a process that starts a run and waits; resolves with the process and its run id once the run is stored. */
async function startRunAndWait(root: string): Promise<{ worker: Worker; runId: string }> {
  const worker = spawnWorker('test/tracking/workers/start-run-and-wait.ts', [root]);
  for (;;) {
    const started = /^started (\w+)$/mu.exec(worker.output());
    if (started) return { worker, runId: started[1]! };
    const ended = await Promise.race([worker.exited, new Promise((resolve) => setTimeout(resolve, 20, undefined))]);
    if (ended) throw new Error(`the worker ended before starting its run: ${JSON.stringify(ended)}`);
  }
}

describe('runs whose process is gone', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-dead-runs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a run left RUNNING by a SIGKILLed process is marked KILLED by the next process; runs of live processes stay RUNNING', async () => {
    const victim = await startRunAndWait(root);
    const survivor = await startRunAndWait(root);
    try {
      victim.worker.child.kill('SIGKILL');
      expect((await victim.worker.exited).signal).toBe('SIGKILL');

      // Nothing ended it: the store, read without Assay's check, still says RUNNING.
      const raw = await openWithoutChecks(root);
      const left = await raw.getRun({ runId: victim.runId });
      const [progress] = await raw.getMetricHistory({ runId: victim.runId, key: 'progress' });
      await raw.close();
      expect(left.info.status).toBe('RUNNING');
      expect(left.data.tags).toMatchObject({
        [SYSTEM_TAGS.processHost]: hostname(),
        [SYSTEM_TAGS.processPid]: String(victim.worker.child.pid),
      });

      const before = Date.now();
      const store = await LocalStore.open({ root });
      const ended = await store.getRun({ runId: victim.runId });
      expect(ended.info.status).toBe('KILLED');
      // Its end is its last sign of life: the metric it logged.
      expect(ended.info.endTime).toBe(progress!.timestamp);
      expect(Number(ended.data.tags[SYSTEM_TAGS.processGone])).toBeGreaterThanOrEqual(before);
      expect((await store.getRun({ runId: survivor.runId })).info.status).toBe('RUNNING');
      await store.close();
    } finally {
      survivor.worker.child.kill('SIGKILL');
      await survivor.worker.exited;
    }
  });

  it('a live pid that another process now has (it started at another time) does not keep a run RUNNING', async () => {
    const store = await LocalStore.open({ root });
    const tagsOf = (start: number): Record<string, string> => ({
      [SYSTEM_TAGS.processHost]: hostname(),
      [SYSTEM_TAGS.processPid]: String(process.pid),
      [SYSTEM_TAGS.processStart]: String(start),
    });
    const ownStart = readProcessStartTime(process.pid) ?? Math.round(performance.timeOrigin);
    const reused = await store.createRun({ experimentId: '0', runName: 'pid-reused', startTime: 1000, tags: tagsOf(ownStart - 3_600_000) });
    const mine = await store.createRun({ experimentId: '0', runName: 'mine', tags: tagsOf(ownStart) });
    const elsewhere = await store.createRun({ experimentId: '0', runName: 'other-host', tags: { ...tagsOf(1), [SYSTEM_TAGS.processHost]: `not-${hostname()}` } });
    const untagged = await store.createRun({ experimentId: '0', runName: 'untagged' });
    await store.close();

    const next = await LocalStore.open({ root });
    const status = async (runId: string): Promise<string> => (await next.getRun({ runId })).info.status;
    // Start times are only read on Linux; elsewhere a live pid keeps its runs.
    expect(await status(reused.info.runId)).toBe(process.platform === 'linux' ? 'KILLED' : 'RUNNING');
    expect(await status(mine.info.runId)).toBe('RUNNING');
    expect(await status(elsewhere.info.runId)).toBe('RUNNING');
    expect(await status(untagged.info.runId)).toBe('RUNNING');
    if (process.platform === 'linux') expect((await next.getRun({ runId: reused.info.runId })).info.endTime).toBe(1000);
    await next.close();
  });
});
