import { describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES, type Span } from '@assay/core';
import { describeStoreContract } from '@assay/core/test';
import { DuckDbStore } from './duckdb-store.js';

describeStoreContract('DuckDbStore on :memory:', async () => ({ store: await DuckDbStore.open({ path: ':memory:' }) }));

describe('DuckDbStore write semantics', () => {
  it('keeps as latest the point with the highest step, then timestamp, then value', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const run = await store.createRun({ experimentId: '0' });
    const runId = run.info.runId;
    await store.logBatch({ runId, metrics: [{ key: 'loss', value: 5, timestamp: 100, step: 3 }] });
    await store.logBatch({ runId, metrics: [{ key: 'loss', value: 9, timestamp: 900, step: 2 }] });
    expect((await store.getRun({ runId })).data.metrics.loss).toBe(5);
    await store.logBatch({ runId, metrics: [{ key: 'loss', value: 4, timestamp: 101, step: 3 }] });
    expect((await store.getRun({ runId })).data.metrics.loss).toBe(4);
    await store.logBatch({
      runId,
      metrics: [
        { key: 'loss', value: 1, timestamp: 101, step: 3 },
        { key: 'loss', value: 2, timestamp: 101, step: 3 },
      ],
    });
    expect((await store.getRun({ runId })).data.metrics.loss).toBe(4);
    expect((await store.getMetricHistory({ runId, key: 'loss' })).map((point) => point.value)).toEqual([9, 5, 4, 1, 2]);
    await store.close();
  });

  it('applies a run created earlier in the same list, and ignores a replayed create', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const create = await store.prepareRun({ experimentId: '0', runName: 'replayed' });
    const runId = create.run.runId;
    await store.applyWrites([
      create,
      { op: 'logBatch', runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [{ key: 'p', value: 'x' }], tags: [] },
      { op: 'updateRun', runId, status: 'FINISHED', endTime: 5, runName: 'renamed' },
    ]);
    await store.applyWrites([create]);
    const run = await store.getRun({ runId });
    expect(run.info).toMatchObject({ status: 'FINISHED', endTime: 5, runName: 'renamed' });
    expect(run.data).toMatchObject({ params: { p: 'x' }, metrics: { m: 1 } });
    expect(run.data.tags['mlflow.runName']).toBe('renamed');
    const count = await store.sql({ query: `select count(*) as n from runs where run_id = '${runId}'` });
    expect(count.rows).toEqual([[1]]);
    await store.close();
  });

  it('reports invalid operations to onReject and applies the rest', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const run = await store.createRun({ experimentId: '0' });
    await store.logBatch({ runId: run.info.runId, params: [{ key: 'model', value: 'a' }] });
    const rejected: string[] = [];
    await store.applyWrites(
      [
        { op: 'logBatch', runId: 'f'.repeat(32), metrics: [], params: [], tags: [{ key: 't', value: 'v' }] },
        { op: 'logBatch', runId: run.info.runId, metrics: [], params: [{ key: 'model', value: 'b' }], tags: [] },
        { op: 'logBatch', runId: run.info.runId, metrics: [{ key: 'ok', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] },
      ],
      { onReject: (_operation, reason) => rejected.push(reason.message) },
    );
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toContain('not found');
    expect(rejected[1]).toContain("key='model'");
    const stored = await store.getRun({ runId: run.info.runId });
    expect(stored.data.params).toEqual({ model: 'a' });
    expect(stored.data.metrics).toEqual({ ok: 1 });
    await store.close();
  });
});

describe('DuckDbStore span writes', () => {
  const traceId = (index: number): string => `tr-${String(index).padStart(32, '0')}`;
  const span = (trace: number, id: number, overrides: Partial<Span> = {}): Span => ({
    traceId: traceId(trace),
    spanId: String(id).padStart(16, '0'),
    name: `span-${id}`,
    spanType: 'UNKNOWN',
    startTimeUnixNano: `17000000000${id}0000000`,
    endTimeUnixNano: `17000000009${id}0000000`,
    status: { code: 'OK' },
    attributes: {},
    events: [],
    ...overrides,
  });
  const usage = (tokens: number): Record<string, unknown> => ({ [ASSAY_ATTRIBUTES.tokenUsage]: { input_tokens: tokens, output_tokens: 0 } });

  it('applies the nested usage rule across batches, for new and stored traces in one batch', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    // Trace 1: a usage-carrying child first, then (with a new trace 2) the root and a grandchild whose parent carries usage.
    await store.logSpans({ experimentId: '0', spans: [span(1, 2, { parentSpanId: span(1, 1).spanId, attributes: usage(10) })] });
    expect((await store.getTrace({ traceId: traceId(1) })).info).toMatchObject({ state: 'IN_PROGRESS', tokenUsage: { inputTokens: 10 } });
    await store.logSpans({
      experimentId: '0',
      spans: [
        span(1, 3, { parentSpanId: span(1, 2).spanId, attributes: usage(4) }),
        span(1, 1),
        span(2, 1, { attributes: usage(7) }),
        span(2, 2, { parentSpanId: span(2, 1).spanId, attributes: usage(3) }),
      ],
    });
    const [first, second] = await Promise.all([store.getTrace({ traceId: traceId(1) }), store.getTrace({ traceId: traceId(2) })]);
    expect(first.info).toMatchObject({ state: 'OK', name: 'span-1', tokenUsage: { inputTokens: 10, totalTokens: 10 } });
    expect(first.spans).toHaveLength(3);
    expect(second.info).toMatchObject({ state: 'OK', tokenUsage: { inputTokens: 7, totalTokens: 7 } });
    await store.close();
  });

  it('stores free text with control characters, empty strings and absent fields exactly', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const odd = span(1, 1, {
      name: 'a\u0001b\u0002',
      status: { code: 'ERROR', message: 'x\u0001y' },
      attributes: { [OPENINFERENCE_ATTRIBUTES.inputValue]: '\u0002', [OPENINFERENCE_ATTRIBUTES.outputValue]: '' },
    });
    const plain = span(1, 2, { parentSpanId: odd.spanId, name: '', status: { code: 'OK', message: '' }, attributes: { [OPENINFERENCE_ATTRIBUTES.outputValue]: '' } });
    const { endTimeUnixNano: _, ...open } = span(1, 3, { parentSpanId: odd.spanId });
    await store.logSpans({ experimentId: '0', spans: [odd, plain, open] });
    const stored = await store.sql({ query: `SELECT span_id, name, status_message, end_time_ns IS NULL, inputs, outputs FROM spans ORDER BY span_id` });
    expect(stored.rows).toEqual([
      [odd.spanId, 'a\u0001b\u0002', 'x\u0001y', false, '\u0002', ''],
      [plain.spanId, '', '', false, null, ''],
      [open.spanId, 'span-3', null, true, null, null],
    ]);
    // Read back with the inputs and outputs mapped from OpenInference's values beside them, as they were given.
    const mapped = (given: Span, inputs: Record<string, unknown>): Span => ({ ...given, attributes: { ...given.attributes, ...inputs } });
    expect((await store.getTrace({ traceId: traceId(1) })).spans).toEqual([
      mapped(odd, { [ASSAY_ATTRIBUTES.spanInputs]: '\u0002', [ASSAY_ATTRIBUTES.spanOutputs]: '' }),
      mapped(plain, { [ASSAY_ATTRIBUTES.spanOutputs]: '' }),
      open,
    ]);
    // Trace rows too: one whose root name holds the staging markers, one with an empty name, in one write.
    await store.logSpans({ experimentId: '0', spans: [span(2, 1, { name: 'x\u0002' }), span(3, 1, { name: '' })] });
    const names = await Promise.all([1, 2, 3].map(async (index) => (await store.getTrace({ traceId: traceId(index) })).info.name));
    expect(names).toEqual(['a\u0001b\u0002', 'x\u0002', '']);
    expect((await store.getTrace({ traceId: traceId(3) })).info).toMatchObject({ state: 'OK', experimentId: '0', name: '' });
    await store.close();
  });
});
