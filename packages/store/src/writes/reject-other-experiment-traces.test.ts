import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packSpans, unpackSpanRows, validateLogSpans, type LogSpansOperation, type Span } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { ingestSpool } from '../local/ingest-spool.js';
import { LocalStore } from '../local/local-store.js';
import { Spool } from '../local/spool.js';

const T = 1_700_000_000_000;
const traceId = (index: number): string => `tr-${index.toString(16).padStart(32, '0')}`;
const ns = (milliseconds: number): string => (BigInt(milliseconds) * 1_000_000n).toString();

/** A span of a trace; without `parent` it is the root, ended (the writer forgets complete traces), else a child. */
function span(trace: number, id: number, parent?: number): Span {
  return {
    traceId: traceId(trace),
    spanId: id.toString(16).padStart(16, '0'),
    ...(parent !== undefined ? { parentSpanId: parent.toString(16).padStart(16, '0') } : {}),
    name: `span-${id}`,
    spanType: 'UNKNOWN',
    startTimeUnixNano: ns(T + id),
    endTimeUnixNano: ns(T + 100 + id),
    status: { code: 'OK' },
    attributes: {},
    events: [],
  };
}

const reject = (experimentId: string, spans: Span[]): LogSpansOperation =>
  validateLogSpans({ experimentId, packed: packSpans(spans), otherExperimentTraces: 'reject' });

describe("logSpans with otherExperimentTraces: 'reject'", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-reject-traces-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function spanNames(store: DuckDbStore, trace: number): Promise<{ experimentId: string; names: string[] }> {
    const { info, spans } = await store.getTrace({ traceId: traceId(trace) });
    return { experimentId: info.experimentId, names: spans.map((entry) => entry.name).sort() };
  }

  it('leaves out and reports spans of a trace stored in another experiment, remembered by the writer or read (a fresh instance)', async () => {
    const path = join(directory, 'assay.duckdb');
    let store = await DuckDbStore.open({ path });
    const other = await store.createExperiment({ name: 'other' });
    // Trace 1 is open (no root yet): the writer remembers it. Trace 2 is complete: forgotten, found in `traces`.
    await store.logSpans({ experimentId: '0', spans: [span(1, 2, 1), span(2, 1)] });
    const result = await store.logSpans({ experimentId: other, spans: [span(1, 3, 1), span(2, 4, 1), span(3, 1)], otherExperimentTraces: 'reject' });
    expect(result.rejectedTraces).toEqual([
      { traceId: traceId(1), experimentId: '0' },
      { traceId: traceId(2), experimentId: '0' },
    ]);
    expect(await spanNames(store, 1)).toEqual({ experimentId: '0', names: ['span-2'] });
    expect(await spanNames(store, 2)).toEqual({ experimentId: '0', names: ['span-1'] });
    // The batch's own new trace is stored.
    expect(await spanNames(store, 3)).toEqual({ experimentId: other, names: ['span-1'] });
    await store.close();

    store = await DuckDbStore.open({ path });
    const again = await store.logSpans({ experimentId: other, packed: packSpans([span(1, 5, 1)]), otherExperimentTraces: 'reject' });
    expect(again.rejectedTraces).toEqual([{ traceId: traceId(1), experimentId: '0' }]);
    expect(await spanNames(store, 1)).toEqual({ experimentId: '0', names: ['span-2'] });
    // Its own experiment's traces, and the default ('append'), still take spans.
    expect((await store.logSpans({ experimentId: other, spans: [span(3, 2, 1)], otherExperimentTraces: 'reject' })).rejectedTraces).toEqual([]);
    expect((await store.logSpans({ experimentId: other, spans: [span(1, 6, 1)] })).rejectedTraces).toEqual([]);
    expect(await spanNames(store, 1)).toEqual({ experimentId: '0', names: ['span-2', 'span-6'] });
    await store.close();
  });

  it('in one transaction, gives a new trace to the first write that names it and rejects the later one for another experiment', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const other = await store.createExperiment({ name: 'other' });
    const first = reject('0', [span(1, 1)]);
    const second = reject(other, [span(1, 2, 1), span(2, 1)]);
    const rejected = await store.applyWrites([first, second]);
    expect([...rejected]).toEqual([[second, [{ traceId: traceId(1), experimentId: '0' }]]]);
    expect(await spanNames(store, 1)).toEqual({ experimentId: '0', names: ['span-1'] });
    expect(await spanNames(store, 2)).toEqual({ experimentId: other, names: ['span-1'] });
    await store.close();
  });

  it('applies a spooled write without its rejected spans, which are kept in rejected_writes', async () => {
    const spool = new Spool(join(directory, 'spool'));
    await mkdir(spool.directory, { recursive: true });
    const store = await DuckDbStore.open({ path: ':memory:' });
    const other = await store.createExperiment({ name: 'other' });
    await store.logSpans({ experimentId: '0', spans: [span(1, 1)] });
    await spool.write([reject(other, [span(1, 2, 1), span(2, 1)])]);
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 1, rejected: 1 });
    expect(await spanNames(store, 1)).toEqual({ experimentId: '0', names: ['span-1'] });
    expect(await spanNames(store, 2)).toEqual({ experimentId: other, names: ['span-1'] });
    const { rows } = await store.sql({ query: 'SELECT operation, reason FROM rejected_writes' });
    expect(rows).toHaveLength(1);
    const [kept] = JSON.parse(String(rows[0]![0])) as LogSpansOperation[];
    expect(unpackSpanRows(kept!.packed!).map((entry) => [entry.traceId, entry.name])).toEqual([[traceId(1), 'span-2']]);
    expect(String(rows[0]![1])).toContain(`${traceId(1)} (experiment '0')`);
    await store.close();
  });

  it('reports rejected traces through a LocalStore (its database worker)', async () => {
    const store = await LocalStore.open({ root: directory });
    const other = await store.createExperiment({ name: 'other' });
    await store.logSpans({ experimentId: '0', spans: [span(1, 1)] });
    const result = await store.logSpans({ experimentId: other, spans: [span(1, 2, 1), span(2, 1)], otherExperimentTraces: 'reject' });
    expect(result.rejectedTraces).toEqual([{ traceId: traceId(1), experimentId: '0' }]);
    expect((await store.getTrace({ traceId: traceId(1) })).spans).toHaveLength(1);
    expect((await store.getTrace({ traceId: traceId(2) })).info.experimentId).toBe(other);
    await store.close();
  });
});
