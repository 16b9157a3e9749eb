import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, StoreBusyError, type LogBatchInput } from '@assay/core';
import { BURST, burstSpan } from '../__fixtures__/burst.js';
import { holdDatabase } from '../__fixtures__/hold-database.js';
import { LocalStore } from './local-store.js';
import type { StoreClient } from './store-client.js';

const burstScript = join(dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'burst-then-exit.ts');

/** The client of a store's database thread (protected in LocalStore). */
function clientOf(store: LocalStore): StoreClient {
  return (store as unknown as { database: StoreClient }).database;
}

/** The store's worker thread, once it runs. */
function workerOf(store: LocalStore): Worker {
  const worker = clientOf(store).hostThread;
  if (!worker) throw new Error('the store has no worker thread running');
  return worker;
}

/** One logBatch of `count` points of metric `key`, steps from `first`. */
function points(runId: string, key: string, first: number, count: number): LogBatchInput {
  return { runId, metrics: Array.from({ length: count }, (_, index) => ({ key, value: first + index, timestamp: first + index, step: first + index })) };
}

/** Runs burst-then-exit.ts in another process; resolves when it has exited, with the run id it printed. */
function burstInAnotherProcess(root: string, mode: 'exit' | 'natural' | 'signal', exitWaitMs: number): Promise<{ code: number | null; runId: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@assay/source', '--import', 'tsx', burstScript, root, mode, String(exitWaitMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    // The process's own end is the signal: a child that hung would fail the test by its timeout.
    child.on('close', (code) => resolve({ code, runId: stdout.trim(), stderr }));
    child.on('error', reject);
  });
}

/** Checks that every point and span of burst-then-exit.ts is stored, each once. */
async function expectWholeBurst(root: string, runId: string): Promise<void> {
  const store = await LocalStore.open({ root });
  const history = await store.getMetricHistory({ runId, key: 'm' });
  const total = BURST.batches * BURST.pointsPerBatch;
  expect(history).toHaveLength(total);
  expect(new Set(history.map((point) => point.step)).size).toBe(total);
  const spans = await store.sql({ query: 'select count(*), count(distinct span_id) from spans' });
  expect(spans.rows).toEqual([[BURST.spanWrites * BURST.spansPerWrite, BURST.spanWrites * BURST.spansPerWrite]]);
  const run = await store.getRun({ runId });
  expect(run.info.runName).toBe('burst');
  await store.close();
  expect((await readdir(join(root, 'spool')).catch(() => [])).filter((name) => name.endsWith('.seg'))).toEqual([]);
}

describe("a LocalStore's worker thread", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-worker-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('is restarted after an uncaught error mid-stream; every write is then stored exactly once, and the app is told once on stderr', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = await LocalStore.open({ root });
    const run = await store.createRun({ experimentId: '0', runName: 'mid-stream' });
    for (let round = 0; round < 3; round += 1) {
      const writes = Array.from({ length: 40 }, (_, index) => store.logBatch(points(run.info.runId, 'm', (round * 40 + index) * 100, 100)));
      // Once the first is committed, the rest are queued or being committed: a request the host cannot read
      // (no operation) throws in the worker, which then ends (after its transaction in progress).
      await writes[0];
      workerOf(store).postMessage({ type: 'write', sequence: 0, operation: null });
      await Promise.all(writes);
    }
    const history = await store.getMetricHistory({ runId: run.info.runId, key: 'm' });
    expect(history).toHaveLength(3 * 40 * 100);
    expect(new Set(history.map((point) => point.step)).size).toBe(3 * 40 * 100);
    const reports = errors.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('worker thread stopped'));
    expect(reports).toHaveLength(3);
    await store.close();
  });

  it('is started again on the next operation after terminate() (idle), and the store goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = await LocalStore.open({ root });
    const run = await store.createRun({ experimentId: '0' });
    await store.logBatch(points(run.info.runId, 't', 0, 10));
    await store.flush();
    const worker = workerOf(store);
    await worker.terminate();
    await store.logBatch(points(run.info.runId, 't', 10, 10));
    expect(clientOf(store).hostThread).not.toBe(worker);
    expect(await store.getMetricHistory({ runId: run.info.runId, key: 't' })).toHaveLength(20);
    expect(errors.mock.calls.filter(([text]) => String(text).includes('worker thread stopped'))).toHaveLength(1);
    await store.close();
  });

  it("keeps a closed store's thread for the next store of the process (DuckDB loads once per thread)", async () => {
    const first = await LocalStore.open({ root: join(root, 'first') });
    await first.createExperiment({ name: 'first' });
    const thread = workerOf(first);
    await first.close();
    const second = await LocalStore.open({ root: join(root, 'second') });
    expect((await second.searchExperiments()).items.map((experiment) => experiment.name)).toEqual(['Default']);
    expect(workerOf(second)).toBe(thread);
    await second.close();
  });

  it('applies writes that piled up behind a running commit together, in fewer transactions than writes', async () => {
    const store = await LocalStore.open({ root });
    const run = await store.createRun({ experimentId: '0' });
    const acknowledgements: number[] = [];
    workerOf(store).on('message', (reply: { type: string; through?: number }) => {
      if (reply.type === 'written') acknowledgements.push(reply.through!);
    });
    await Promise.all(Array.from({ length: 200 }, (_, index) => store.logBatch(points(run.info.runId, 'g', index * 10, 10))));
    expect(acknowledgements.length).toBeLessThan(200);
    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(await store.getMetricHistory({ runId: run.info.runId, key: 'g' })).toHaveLength(2000);
    await store.close();
  });

  it('commits without checkpointing, then checkpoints once idle with a large WAL (still holding the file); DuckDB is bounded', async () => {
    const store = await LocalStore.open({ root, lingerMs: 120_000 });
    const settings = await store.sql({
      query: "select current_setting('checkpoint_threshold'), current_setting('threads'), current_setting('memory_limit')",
    });
    // DuckDB prints 1GB and 128MB in binary units.
    expect(settings.rows).toEqual([['953.6 MiB', 1, '122.0 MiB']]);
    const payload = 'x'.repeat(2000);
    for (let batch = 0; batch < 5; batch += 1) {
      await store.logSpans({
        experimentId: '0',
        spans: Array.from({ length: 2000 }, (_, index) => ({
          ...burstSpan(batch, index),
          attributes: { 'assay.span.inputs': JSON.stringify({ payload, index }) },
        })),
      });
    }
    // ~20 MB went to the WAL; once nothing comes, the worker checkpoints it (the lease lingers two minutes,
    // so closing the file is not what does it).
    const size = async (name: string): Promise<number> => (await stat(join(root, name)).catch(() => undefined))?.size ?? 0;
    const megabytes = 1024 * 1024;
    // The rows reach the database file (from a few KB to MBs, compressed) only by a checkpoint: these transactions are
    // too small to be written there directly, and commits leave the ~22 MB WAL alone (DuckDB's default would not).
    while ((await size('assay.duckdb')) < megabytes || (await size('assay.duckdb.wal')) >= 16 * megabytes) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(Number((await store.sql({ query: 'select count(*) from spans' })).rows[0]![0])).toBe(10_000);
    await store.close();
  });

  it('answers reads made while it commits, after the writes handed over before them', async () => {
    const store = await LocalStore.open({ root });
    const run = await store.createRun({ experimentId: '0' });
    const writes = Array.from({ length: 50 }, (_, index) => store.logBatch(points(run.info.runId, 'r', index * 1000, 1000)));
    // The first is committed: the other 49 are handed over, and being committed while these reads come.
    await writes[0];
    const seen = await Promise.all(Array.from({ length: 10 }, () => store.getMetricHistory({ runId: run.info.runId, key: 'r' }).then((history) => history.length)));
    expect(seen).toEqual(Array.from({ length: 10 }, () => 50_000));
    await Promise.all(writes);
    await store.close();
  });

  it('sends errors back as the same classes with the same codes, messages and fields', async () => {
    const store = await LocalStore.open({ root, busyTimeoutMs: 200, lingerMs: 0 });
    const missing = await store.getRun({ runId: 'f'.repeat(32) }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST', name: 'NotFoundError' });
    const holder = await holdDatabase(store.databasePath);
    const busy = await store.searchRuns({ experimentIds: ['0'] }).catch((error: unknown) => error);
    await holder.release();
    expect(busy).toBeInstanceOf(StoreBusyError);
    expect(busy).toMatchObject({ code: 'STORE_BUSY', holder: { pid: holder.pid } });
    await store.close();
  });

  it('keeps every write when the app calls process.exit() right after a burst: stored or spooled, then ingested, none twice', async () => {
    const result = await burstInAnotherProcess(root, 'exit', 5000);
    expect(result.code, result.stderr).toBe(0);
    await expectWholeBurst(root, result.runId);
  });

  it('keeps every write, none twice, when a signal saves them without waiting for the commit in progress, and exits cleanly after', async () => {
    // waitMs 0: whatever the thread is doing (opening the file, committing), every write not reported durable is spooled;
    // the exit then waits for the thread to leave DuckDB (ended mid-call, Node aborts the process: code 134).
    const result = await burstInAnotherProcess(root, 'signal', 5000);
    expect(result.code, result.stderr).toBe(0);
    await expectWholeBurst(root, result.runId);
  });

  it('lets an app that never calls flush() or close() exit by itself, and keeps its writes', async () => {
    const result = await burstInAnotherProcess(root, 'natural', 5000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    await expectWholeBurst(root, result.runId);
  });
});

describe('a LocalStore on the app thread (inline)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-inline-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores, reads, spools at exit and ingests like the worker', async () => {
    const store = await LocalStore.open({ root, thread: 'inline' });
    expect(clientOf(store).hostThread).toBeUndefined();
    const run = await store.createRun({ experimentId: '0' });
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.logBatch(points(run.info.runId, 'i', index * 10, 10))));
    const pending = store.logBatch(points(run.info.runId, 'i', 200, 10));
    // As at process exit: whatever is not stored yet goes to the spool.
    store.releaseSync();
    await pending;
    expect(await store.getMetricHistory({ runId: run.info.runId, key: 'i' })).toHaveLength(210);
    await store.close();
  });
});
