import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidParameterError, type LogBatchInput, type Store } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { PendingWrites, WriteBuffer } from './write-buffer.js';
import { deleteRun, flush, getStore, startRun } from '../index.js';

/** A store that records logBatch calls and takes `delayMs` per call. */
function recordingStore(delayMs = 0, fail?: (batch: LogBatchInput) => Error | undefined): Store & { batches: LogBatchInput[] } {
  const batches: LogBatchInput[] = [];
  return {
    batches,
    async logBatch(batch: LogBatchInput) {
      await sleep(delayMs);
      const error = fail?.(batch);
      if (error) throw error;
      batches.push(batch);
    },
  } as unknown as Store & { batches: LogBatchInput[] };
}

function addMetrics(buffer: WriteBuffer, pending: PendingWrites, from: number, count: number): void {
  for (let step = from; step < from + count; step += 1) {
    pending.metrics.push({ key: 'm', value: step, timestamp: 0, step });
    buffer.added(pending, 1);
  }
}

describe('WriteBuffer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('flushes in the background past the threshold, one flush at a time, in order, growing batches under load', async () => {
    const store = recordingStore(20);
    const buffer = new WriteBuffer({ maxEntries: 100, intervalMs: 60_000 });
    const pending = new PendingWrites('run', store);
    addMetrics(buffer, pending, 0, 150);
    expect(store.batches).toHaveLength(0); // never blocks the caller
    await sleep(5); // the first background flush has taken 150 entries
    addMetrics(buffer, pending, 150, 350); // arrives while it is in flight
    await buffer.flush();
    const steps = store.batches.flatMap((batch) => batch.metrics!.map((metric) => metric.step));
    expect(steps).toEqual(Array.from({ length: 500 }, (_, step) => step));
    expect(store.batches.map((batch) => batch.metrics!.length)).toEqual([150, 350]);
    expect(buffer.idle).toBe(true);
  });

  it('flushes on its timer', async () => {
    const store = recordingStore();
    const buffer = new WriteBuffer({ maxEntries: 1000, intervalMs: 30 });
    const pending = new PendingWrites('run', store);
    addMetrics(buffer, pending, 0, 3);
    await sleep(80);
    expect(store.batches).toHaveLength(1);
  });

  it('keeps the first background error, warns once, and throws it from the next flush only', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = recordingStore(0, (batch) => (batch.runId === 'bad' ? new InvalidParameterError(`run ${batch.runId} is deleted`) : undefined));
    const buffer = new WriteBuffer({ maxEntries: 1, intervalMs: 60_000 });
    const bad = new PendingWrites('bad', store);
    const good = new PendingWrites('good', store);
    addMetrics(buffer, bad, 0, 1);
    await sleep(10);
    addMetrics(buffer, bad, 1, 1);
    addMetrics(buffer, good, 0, 1);
    await sleep(10);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/run bad is deleted/);
    await expect(buffer.flush()).rejects.toThrow('run bad is deleted');
    await buffer.flush(); // reported once
    expect(store.batches.map((batch) => batch.runId)).toEqual(['good']); // other runs still written
  });

  it('drainSync hands over waiting and in-flight batches', async () => {
    const store = recordingStore(50);
    const buffer = new WriteBuffer({ maxEntries: 2, intervalMs: 60_000 });
    const pending = new PendingWrites('run', store);
    addMetrics(buffer, pending, 0, 2);
    await sleep(5); // in flight now
    addMetrics(buffer, pending, 2, 1);
    const drained = buffer.drainSync();
    expect(drained.map(({ batch }) => batch.metrics!.map((metric) => metric.step))).toEqual([[0, 1], [2]]);
    expect(drained.map(({ handedOver }) => handedOver)).toEqual([true, false]);
    expect(buffer.idle).toBe(true);
  });
});

describe('the process buffer with a real store', () => {
  useTempTrackingUri();

  it('writes within about a second without any flush', async () => {
    const run = await startRun();
    run.logMetric('ticks', 1);
    const store = await getStore();
    await sleep(1300);
    expect(await store.getMetricHistory({ runId: run.id, key: 'ticks' })).toHaveLength(1);
    await run.end();
  });

  it('never leaves an unhandled rejection when a background write fails; flush() and end() report it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const run = await startRun();
      await deleteRun(run.id);
      for (let step = 0; step < 10_000; step += 1) run.logMetric('m', step, { step }); // crosses the threshold
      await sleep(200);
      expect(warn).toHaveBeenCalledTimes(1);
      await expect(flush()).rejects.toThrow(/deleted/);
      await flush();
      run.logMetric('late', 1);
      await expect(run.end()).rejects.toThrow(/deleted/);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      warn.mockRestore();
    }
  });
});
