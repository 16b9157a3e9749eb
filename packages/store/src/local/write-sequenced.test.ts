import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRunId, type SequencedWrite } from '@assay/core';
import { holdDatabase, someoneWaits } from '../__fixtures__/hold-database.js';
import { LocalStore } from './local-store.js';

const T = 1_700_000_000_000;

/** A logBatch of one metric point at `step`, numbered `sequence`. */
function point(runId: string, sequence: number, step = sequence): SequencedWrite {
  return { sequence, method: 'logBatch', input: { runId, metrics: [{ key: 'm', value: step, timestamp: T, step }] } };
}

describe('LocalStore.writeSequenced: a remote writer\'s writes, each applied once', () => {
  let root: string;
  let store: LocalStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-sequenced-'));
    store = await LocalStore.open({ root, lingerMs: 0 });
  });
  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  async function steps(runId: string): Promise<number[]> {
    return (await store.getMetricHistory({ runId, key: 'm' })).map((metric) => metric.step);
  }

  it('answers each write as its method does, refuses bad ones alone, and applies writes sent again once', async () => {
    const runId = generateRunId();
    const writes: SequencedWrite[] = [
      { sequence: 1, method: 'createRun', input: { experimentId: '0', runId, runName: 'remote', startTime: T } },
      point(runId, 2),
      { sequence: 3, method: 'logBatch', input: { runId: generateRunId(), params: [{ key: 'p', value: '1' }] } },
      point(runId, 4),
      { sequence: 5, method: 'updateRun', input: { runId, status: 'FINISHED', endTime: T + 1 } },
    ];
    const results = await store.writeSequenced({ writer: 'client-1', writes });
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: { info: { runId, runName: 'remote', status: 'RUNNING' } } });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    expect(results[4]).toMatchObject({ value: { runId, status: 'FINISHED', endTime: T + 1 } });

    // The client never saw the answer and sends everything again, with more.
    const again = await store.writeSequenced({ writer: 'client-1', writes: [...writes, point(runId, 6)] });
    expect(again.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await steps(runId)).toEqual([2, 4, 6]);
    // Another writer's numbers are its own.
    await store.writeSequenced({ writer: 'client-2', writes: [point(runId, 2, 20)] });
    expect(await steps(runId)).toEqual([2, 4, 6, 20]);
    expect((await store.searchRuns({ experimentIds: ['0'] })).runs).toHaveLength(1);
    const marks = await store.sql({ query: "select writer_id, sequence from applied_writes where writer_id like 'client-%' order by writer_id" });
    expect(marks.rows).toEqual([
      ['client-1', 6],
      ['client-2', 2],
    ]);
  });

  it('commits a remote writer\'s writes and the store\'s own together, each writer\'s mark kept', async () => {
    const run = await store.createRun({ experimentId: '0' });
    const runId = run.info.runId;
    const own = Array.from({ length: 5 }, (_, index) =>
      store.logBatch({ runId, metrics: [{ key: 'm', value: 100 + index, timestamp: T, step: 100 + index }] }),
    );
    const remote = store.writeSequenced({ writer: 'client-3', writes: [point(runId, 1), point(runId, 2)] });
    await Promise.all([...own, remote]);
    await store.writeSequenced({ writer: 'client-3', writes: [point(runId, 1), point(runId, 2)] });
    expect(await steps(runId)).toEqual([1, 2, 100, 101, 102, 103, 104]);
  });

  it('keeps the remote writer\'s numbers on writes spooled while another process holds the file', async () => {
    const run = await store.createRun({ experimentId: '0' });
    const runId = run.info.runId;
    await store.flush();
    const holder = await holdDatabase(store.databasePath);
    await store.writeSequenced({ writer: 'client-4', writes: [point(runId, 1), point(runId, 2)] });
    const segments = (await readdir(join(root, 'spool'))).filter((name) => name.endsWith('.seg'));
    expect(segments.length).toBeGreaterThan(0);
    const text = await Promise.all(segments.map((name) => readFile(join(root, 'spool', name), 'utf8')));
    const origins = text.map((segment) => JSON.parse(segment) as { writers: string[]; sequences: number[] });
    expect(origins.flatMap((origin) => origin.writers)).toEqual(['client-4', 'client-4']);
    expect(origins.flatMap((origin) => origin.sequences)).toEqual([1, 2]);
    const reading = steps(runId);
    await someoneWaits(root);
    await holder.release();
    expect(await reading).toEqual([1, 2]);
    await store.writeSequenced({ writer: 'client-4', writes: [point(runId, 2), point(runId, 3)] });
    expect(await steps(runId)).toEqual([1, 2, 3]);
  });

  it('refuses a bad writer id and sequence numbers that do not increase', async () => {
    await expect(store.writeSequenced({ writer: '', writes: [] })).rejects.toMatchObject({ code: 'INVALID_PARAMETER_VALUE' });
    const runId = generateRunId();
    await expect(store.writeSequenced({ writer: 'w', writes: [point(runId, 2), point(runId, 2)] })).rejects.toThrow(/writes\[1\]\.sequence/u);
  });
});
