import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore } from '@assay/store';
import { holdDatabase } from '../../packages/store/src/__fixtures__/hold-database.js';
import { spawnWorker } from './spawn-worker.js';

// Any read that waited for the held file would fail at once with StoreBusyError (and the app with it).
const NO_WAITING = { ASSAY_STORE_BUSY_TIMEOUT_MS: '0' };

interface Tracked {
  runId: string;
  traceId: string;
  stats: { exported: number; dropped: number; failed: number; queued: number };
}

async function trackAnApp(root: string, ending: 'flush' | 'natural' | 'exit', experimentName?: string): Promise<Tracked> {
  const result = await spawnWorker('test/tracking/workers/track-an-app.ts', [root, ending, ...(experimentName ? [experimentName] : [])], { env: NO_WAITING }).exited;
  expect(result.stdout, result.stderr).toMatch(/^done /u);
  expect(result.code).toBe(0);
  const [, runId, traceId, stats] = /^done (\w+) (\S+) (.*)$/mu.exec(result.stdout)!;
  return { runId: runId!, traceId: traceId!, stats: JSON.parse(stats!) as Tracked['stats'] };
}

async function spooledSegments(root: string): Promise<number> {
  return (await readdir(join(root, 'spool')).catch(() => [])).filter((name) => name.endsWith('.seg')).length;
}

/** Everything the app tracked is in the store. */
async function expectTracked(store: LocalStore, { runId, traceId }: Tracked, experimentName: string): Promise<void> {
  const run = await store.getRun({ runId });
  expect(run.info).toMatchObject({ runName: 'tracked-app', status: 'FINISHED' });
  expect((await store.getExperiment({ experimentId: run.info.experimentId })).name).toBe(experimentName);
  expect(run.data.params).toEqual({ model: 'gpt-4o-mini', temperature: '0.2' });
  expect(run.data.metrics).toEqual({ loss: 1 / 50, accuracy: 49 / 50 });
  expect((await store.getMetricHistory({ runId, key: 'loss' })).length).toBe(50);
  const trace = await store.getTrace({ traceId });
  expect(trace.info.runId).toBe(runId);
  expect(trace.spans.map((span) => span.name)).toEqual(['answer']);
}

describe('an app tracking while another program holds the store file', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-busy-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('goes on (runs in the Default experiment and in experiments seen before are spooled), and nothing is lost once the file is free', async () => {
    // An earlier run of the app, with the file free: the store and the experiment exist.
    await trackAnApp(root, 'flush', 'support-bot');
    const store = await LocalStore.open({ root });
    await store.searchExperiments();
    await store.close();

    const holder = await holdDatabase(join(root, 'assay.duckdb'));
    let inNamed: Tracked;
    let inDefault: Tracked;
    try {
      inNamed = await trackAnApp(root, 'flush', 'support-bot');
      inDefault = await trackAnApp(root, 'natural');
      expect(inNamed.stats).toMatchObject({ dropped: 0, failed: 0, queued: 0 });
      expect(await spooledSegments(root)).toBeGreaterThanOrEqual(8);
    } finally {
      await holder.release();
    }
    const reopened = await LocalStore.open({ root });
    await expectTracked(reopened, inNamed, 'support-bot');
    await expectTracked(reopened, inDefault, 'Default');
    expect((await reopened.sql({ query: 'SELECT count(*) FROM rejected_writes' })).rows).toEqual([[0]]);
    await reopened.close();
    expect(await spooledSegments(root)).toBe(0);
  });

  it('fails a read it cannot answer without the file with an error naming the holding process', async () => {
    await trackAnApp(root, 'flush');
    const holder = await holdDatabase(join(root, 'assay.duckdb'));
    try {
      // A new experiment must be created in the database: that cannot be spooled.
      const result = await spawnWorker('test/tracking/workers/track-an-app.ts', [root, 'flush', 'brand-new'], { env: NO_WAITING }).exited;
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`failed STORE_BUSY: The store file ${join(root, 'assay.duckdb')} is held by process ${holder.pid} (`);
      expect(result.stdout).toContain(`Close that program (or end process ${holder.pid}), or wait until it is done, then retry.`);
      expect(result.stdout).not.toContain('assay server');
    } finally {
      await holder.release();
    }
  });
});
