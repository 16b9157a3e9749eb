import type { Span } from '@assay/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeSpanBatch } from './decode-span-batch.js';
import { SpanExportQueue } from './span-export-queue.js';
import type { AssaySpanExporter, TraceDestination } from './span-exporter.js';

function span(name: string, traceId = 'tr-1'): Span {
  return {
    traceId,
    spanId: name,
    name,
    spanType: 'UNKNOWN',
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    status: { code: 'UNSET' },
    attributes: {},
    events: [],
  };
}

function recordingExporter(): AssaySpanExporter & { calls: { experimentId: string; names: string[] }[] } {
  const calls: { experimentId: string; names: string[] }[] = [];
  return {
    calls,
    export: async (batch) => {
      calls.push({ experimentId: batch.experimentId, names: decodeSpanBatch(batch).map((entry) => entry.name) });
    },
  };
}

const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
afterEach(() => {
  warn.mockClear();
});

describe('SpanExportQueue', () => {
  it('drops the oldest spans when full and counts them', async () => {
    const sink = recordingExporter();
    const destination: Promise<TraceDestination> = Promise.resolve({ exporter: sink, experimentId: '0' });
    const queue = new SpanExportQueue({ maxQueueSize: 3, flushIntervalMs: 60_000 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) queue.enqueue(span(name), destination);
    expect(queue.getStats()).toEqual({ exported: 0, dropped: 2, failed: 0, queued: 3 });
    await queue.flush();
    expect(sink.calls).toEqual([{ experimentId: '0', names: ['c', 'd', 'e'] }]);
    expect(queue.getStats()).toEqual({ exported: 3, dropped: 2, failed: 0, queued: 0 });
    await queue.shutdown();
  });

  it('writes batches of at most maxBatchSize spans, grouped by sink and experiment, as soon as a batch is full', async () => {
    const first = recordingExporter();
    const second = recordingExporter();
    const queue = new SpanExportQueue({ maxBatchSize: 3, flushIntervalMs: 60_000 });
    const toFirst = Promise.resolve({ exporter: first, experimentId: '1' });
    const toFirstOther = Promise.resolve({ exporter: first, experimentId: '2' });
    const toSecond = Promise.resolve({ exporter: second, experimentId: '1' });
    queue.enqueue(span('a'), toFirst);
    queue.enqueue(span('b'), toSecond);
    queue.enqueue(span('c'), toFirstOther);
    await sleep(5);
    expect(first.calls).toEqual([
      { experimentId: '1', names: ['a'] },
      { experimentId: '2', names: ['c'] },
    ]);
    expect(second.calls).toEqual([{ experimentId: '1', names: ['b'] }]);
    for (const name of ['d', 'e', 'f', 'g']) queue.enqueue(span(name), toFirst);
    await queue.flush();
    expect(first.calls.slice(2)).toEqual([
      { experimentId: '1', names: ['d', 'e', 'f'] },
      { experimentId: '1', names: ['g'] },
    ]);
    await queue.shutdown();
  });

  it('keeps a batch of large spans within maxBatchCharacters, a batch being one string', async () => {
    const sink = recordingExporter();
    const sizes: number[] = [];
    const measuring: AssaySpanExporter = {
      export: async (batch) => {
        sizes.push(batch.rows.rows.length);
        await sink.export(batch);
      },
    };
    const queue = new SpanExportQueue({ maxBatchCharacters: 5_000, flushIntervalMs: 60_000 });
    const destination = Promise.resolve({ exporter: measuring, experimentId: '0' });
    const large = (name: string): Span => ({ ...span(name), attributes: { text: 'x'.repeat(1_000) } });
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) queue.enqueue(large(name), destination);
    await queue.flush();
    expect(sink.calls.flatMap((call) => call.names)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(sink.calls.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThan(5_000 + 1_200);
    expect(queue.getStats()).toMatchObject({ exported: 7, queued: 0 });
    await queue.shutdown();
  });

  it('exports on its timer without being asked', async () => {
    const sink = recordingExporter();
    const queue = new SpanExportQueue({ flushIntervalMs: 5 });
    queue.enqueue(span('a'), Promise.resolve({ exporter: sink, experimentId: '0' }));
    await vi.waitFor(() => expect(sink.calls).toHaveLength(1));
    await queue.shutdown();
  });

  it('keeps spans after a failed export, warns once and retries with backoff without throwing', async () => {
    let failuresLeft = 3;
    const written: string[] = [];
    const sink: AssaySpanExporter = {
      export: async (batch) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('database is locked');
        }
        written.push(...decodeSpanBatch(batch).map((entry) => entry.name));
      },
    };
    const queue = new SpanExportQueue({ flushIntervalMs: 60_000, retryDelayMs: 5 });
    const destination = Promise.resolve({ exporter: sink, experimentId: '0' });
    queue.enqueue(span('a'), destination);
    queue.enqueue(span('b'), destination);
    await expect(queue.flush()).resolves.toBeUndefined();
    expect(queue.getStats()).toEqual({ exported: 0, dropped: 0, failed: 0, queued: 2 });
    await vi.waitFor(() => expect(written).toEqual(['a', 'b']));
    expect(queue.getStats()).toEqual({ exported: 2, dropped: 0, failed: 0, queued: 0 });
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toContain('database is locked');
    await queue.shutdown();
  });

  it('gives spans up after maxAttempts failures, and drops spans whose destination cannot be resolved', async () => {
    const sink: AssaySpanExporter = {
      export: async () => {
        throw new Error('experiment is deleted');
      },
    };
    const queue = new SpanExportQueue({ flushIntervalMs: 60_000, retryDelayMs: 60_000, maxAttempts: 2 });
    queue.enqueue(span('a'), Promise.resolve({ exporter: sink, experimentId: '0' }));
    const unresolvable = Promise.reject(new Error('store cannot be opened'));
    unresolvable.catch(() => undefined);
    queue.enqueue(span('b'), unresolvable);
    await queue.flush();
    expect(queue.getStats()).toEqual({ exported: 0, dropped: 0, failed: 1, queued: 1 });
    await queue.flush();
    expect(queue.getStats()).toEqual({ exported: 0, dropped: 0, failed: 2, queued: 0 });
    await queue.shutdown();
  });

  it('hands the batch being exported to the exit drain too (its outcome is unknown then), with the spans still queued', async () => {
    const stuck = recordingExporter();
    const never: AssaySpanExporter = { export: () => new Promise(() => undefined) };
    const queue = new SpanExportQueue({ flushIntervalMs: 60_000 });
    queue.enqueue(span('in-flight'), Promise.resolve({ exporter: never, experimentId: '1' }));
    void queue.flush();
    await vi.waitFor(() => expect(queue.getStats().queued).toBe(0));
    queue.enqueue(span('queued'), Promise.resolve({ exporter: stuck, experimentId: '1' }));
    await sleep(1); // the queued span's destination resolves
    const { batches, unresolved } = queue.drainSync(() => undefined);
    expect(unresolved).toBe(0);
    expect(batches.map(({ exporter, batch }) => [exporter === never, decodeSpanBatch(batch).map((entry) => entry.name)])).toEqual([
      [true, ['in-flight']],
      [false, ['queued']],
    ]);
  });

  it('places spans whose destination is still resolving at exit through the given resolver, and counts the rest', () => {
    const queue = new SpanExportQueue({ flushIntervalMs: 60_000 });
    const fallback = recordingExporter();
    const pending = new Promise<TraceDestination>(() => undefined);
    const other = new Promise<TraceDestination>(() => undefined);
    queue.enqueue(span('placed'), pending);
    queue.enqueue(span('lost'), other);
    const { batches, unresolved } = queue.drainSync((destination) => (destination === pending ? { exporter: fallback, experimentId: '7' } : undefined));
    expect(batches.map(({ batch }) => [batch.experimentId, decodeSpanBatch(batch).map((entry) => entry.name)])).toEqual([['7', ['placed']]]);
    expect(unresolved).toBe(1);
  });

  it('ignores spans after shutdown', async () => {
    const sink = recordingExporter();
    const queue = new SpanExportQueue({ flushIntervalMs: 60_000 });
    await queue.shutdown();
    queue.enqueue(span('late'), Promise.resolve({ exporter: sink, experimentId: '0' }));
    await queue.flush();
    expect(sink.calls).toEqual([]);
    expect(queue.getStats().queued).toBe(0);
  });
});
