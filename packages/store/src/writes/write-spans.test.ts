import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, packSpans, type Span } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { ingestSpool } from '../local/ingest-spool.js';
import { Spool } from '../local/spool.js';
import { spanWriterStateOf } from './write-spans.js';

const T = 1_700_000_000_000;
const traceId = (index: number): string => `tr-${index.toString(16).padStart(32, '0')}`;
const spanId = (index: number): string => index.toString(16).padStart(16, '0');
const ns = (milliseconds: number): string => (BigInt(milliseconds) * 1_000_000n).toString();

function span(trace: number, id: number, overrides: Partial<Span> = {}, parent?: number): Span {
  return {
    traceId: traceId(trace),
    spanId: spanId(id),
    ...(parent !== undefined ? { parentSpanId: spanId(parent) } : {}),
    name: `span-${id}`,
    spanType: 'UNKNOWN',
    startTimeUnixNano: ns(T + id),
    endTimeUnixNano: ns(T + 100 + id),
    status: { code: 'OK' },
    attributes: {},
    events: [],
    ...overrides,
  };
}

const usage = (input: number, output: number, model = 'gpt-4o'): Record<string, unknown> => ({
  [GEN_AI_ATTRIBUTES.usageInputTokens]: input,
  [GEN_AI_ATTRIBUTES.usageOutputTokens]: output,
  [GEN_AI_ATTRIBUTES.requestModel]: model,
});

/** An agent trace: the root, an LLM call with usage, and inside it a retry whose usage the call already counts. */
function agent(trace: number): Span[] {
  return [
    span(trace, 1, {
      name: 'agent',
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'refund?' }, [ASSAY_ATTRIBUTES.sessionId]: 's-1', [ASSAY_ATTRIBUTES.traceTags]: { env: 'prod' } },
    }),
    span(trace, 2, { name: 'llm', attributes: usage(10, 5) }, 1),
    span(trace, 3, { name: 'retry', attributes: usage(7, 7) }, 2),
    span(trace, 4, { name: 'tool' }, 1),
  ];
}

describe('writeSpans', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-write-spans-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** The summary of a trace written in one call, to compare with one written over several. */
  async function together(spans: Span[]): Promise<unknown> {
    const store = await DuckDbStore.open({ path: ':memory:' });
    await store.logSpans({ experimentId: '0', spans });
    const { info } = await store.getTrace({ traceId: spans[0]!.traceId });
    await store.close();
    return info;
  }

  it('counts usage once when a child LLM span arrives before its parent that has usage too', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const [root, llm, retry, tool] = agent(1);
    await store.logSpans({ experimentId: '0', spans: [retry!] });
    expect((await store.getTrace({ traceId: traceId(1) })).info).toMatchObject({ state: 'IN_PROGRESS', tokenUsage: { inputTokens: 7, outputTokens: 7, totalTokens: 14 } });
    await store.logSpans({ experimentId: '0', packed: packSpans([llm!, tool!]) });
    expect((await store.getTrace({ traceId: traceId(1) })).info.tokenUsage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    // The writer summarises the open trace from what it remembers of it, not from its stored spans.
    expect(spanWriterStateOf(store.connection).get(traceId(1))?.parents.size).toBe(3);
    await store.logSpans({ experimentId: '0', spans: [root!] });
    const { info, spans } = await store.getTrace({ traceId: traceId(1) });
    expect(info).toEqual(await together(agent(1)));
    expect(info.cost?.totalCost).toBeGreaterThan(0);
    expect(spans).toHaveLength(4);
    // Complete (its root ended), the trace is forgotten: a late span would be summarised with the stored ones.
    expect(spanWriterStateOf(store.connection).get(traceId(1))).toBeUndefined();
    // A late span inside the LLM call: its usage is the call's, already counted.
    await store.logSpans({ experimentId: '0', spans: [span(1, 9, { attributes: usage(100, 100) }, 3)] });
    expect((await store.getTrace({ traceId: traceId(1) })).info.tokenUsage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    // A late span beside it: counted.
    await store.logSpans({ experimentId: '0', spans: [span(1, 10, { attributes: usage(1, 1) }, 1)] });
    expect((await store.getTrace({ traceId: traceId(1) })).info.tokenUsage).toEqual({ inputTokens: 11, outputTokens: 6, totalTokens: 17 });
    await store.close();
  });

  it('summarises a trace split over writes when the writer remembers nothing of it (a fresh store instance)', async () => {
    const path = join(directory, 'assay.duckdb');
    const [root, llm, retry, tool] = agent(1);
    for (const batch of [[retry!], [root!, tool!], [llm!]]) {
      const store = await DuckDbStore.open({ path });
      await store.logSpans({ experimentId: '0', spans: batch });
      await store.close();
    }
    const store = await DuckDbStore.open({ path });
    const { info, spans } = await store.getTrace({ traceId: traceId(1) });
    expect(info).toEqual(await together(agent(1)));
    expect(spans.map((entry) => entry.name)).toEqual(['agent', 'llm', 'retry', 'tool']);
    await store.close();
  });

  it('stores large rows (appended as data chunks) as it stores small ones (split by DuckDB)', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const big = { text: 'x'.repeat(3000), hostile: 'line\nbreak \u001e\u001f "q"' };
    const large = agent(1).map((entry) => ({ ...entry, attributes: { ...entry.attributes, [ASSAY_ATTRIBUTES.spanOutputs]: big } }));
    const small = agent(2).map((entry) => ({ ...entry, attributes: { ...entry.attributes, [ASSAY_ATTRIBUTES.spanOutputs]: { text: 'x', hostile: big.hostile } } }));
    await store.logSpans({ experimentId: '0', packed: packSpans(large) });
    await store.logSpans({ experimentId: '0', packed: packSpans(small) });
    const [one, two] = [await store.getTrace({ traceId: traceId(1) }), await store.getTrace({ traceId: traceId(2) })];
    expect(one.spans.map((entry) => ({ ...entry, traceId: '', attributes: { ...entry.attributes, [ASSAY_ATTRIBUTES.spanOutputs]: null } }))).toEqual(
      two.spans.map((entry) => ({ ...entry, traceId: '', attributes: { ...entry.attributes, [ASSAY_ATTRIBUTES.spanOutputs]: null } })),
    );
    expect(one.spans[0]!.attributes[ASSAY_ATTRIBUTES.spanOutputs]).toEqual(big);
    expect(one.spans[1]!.cost).toEqual(two.spans[1]!.cost);
    expect(one.info.tokenUsage).toEqual(two.info.tokenUsage);
    await store.close();
  });

  it('keeps hostile text in trace summaries as it is (name, previews, session, user, run, metadata, tags)', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const hostile = 'line\nbreak \u001e\u001f\u0001 "q" \\ 😀';
    await store.logSpans({
      experimentId: '0',
      spans: [
        span(1, 1, {
          name: hostile,
          attributes: {
            'input.value': hostile,
            'output.value': '',
            [ASSAY_ATTRIBUTES.sessionId]: hostile,
            [ASSAY_ATTRIBUTES.userId]: hostile,
            [ASSAY_ATTRIBUTES.sourceRun]: hostile,
            [ASSAY_ATTRIBUTES.traceMetadata]: { [hostile]: hostile },
            [ASSAY_ATTRIBUTES.traceTags]: { [hostile]: hostile },
          },
        }),
      ],
    });
    const { info } = await store.getTrace({ traceId: traceId(1) });
    expect(info).toMatchObject({ name: hostile, requestPreview: hostile, responsePreview: '', sessionId: hostile, userId: hostile, runId: hostile, metadata: { [hostile]: hostile }, tags: { [hostile]: hostile } });
    await store.close();
  });

  it('replaces re-sent spans, in later writes and within one', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const open = span(1, 1, { name: 'open' });
    delete open.endTimeUnixNano;
    const call = span(1, 2, { attributes: usage(3, 3) }, 1);
    await store.logSpans({ experimentId: '0', spans: [open, call, { ...call, attributes: usage(1, 1) }] });
    expect((await store.getTrace({ traceId: traceId(1) })).info).toMatchObject({ state: 'IN_PROGRESS', name: 'open', tokenUsage: { totalTokens: 2 } });
    await store.logSpans({ experimentId: '0', spans: [{ ...open, name: 'done', endTimeUnixNano: ns(T + 50) }, { ...call, attributes: usage(2, 2) }] });
    const { info, spans } = await store.getTrace({ traceId: traceId(1) });
    expect(info).toMatchObject({ state: 'OK', name: 'done', executionDurationMs: 49, tokenUsage: { inputTokens: 2, outputTokens: 2, totalTokens: 4 } });
    expect(spans.map((entry) => entry.name)).toEqual(['done', 'span-2']);
    // A root that gains a parent hands the root to the stored spans: the next span without a parent.
    await store.logSpans({ experimentId: '0', spans: [span(1, 5, { name: 'outer' })] });
    await store.logSpans({ experimentId: '0', spans: [{ ...open, name: 'inner', endTimeUnixNano: ns(T + 50), parentSpanId: spanId(5) }] });
    expect((await store.getTrace({ traceId: traceId(1) })).info).toMatchObject({ name: 'outer', state: 'OK' });
    await store.close();
  });

  it('forgets deleted traces and rolled-back writes, so that their spans start them anew', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    await store.logSpans({ experimentId: '0', spans: agent(1) });
    expect(await store.deleteTraces({ experimentId: '0', traceIds: [traceId(1)] })).toBe(1);
    await store.logSpans({ experimentId: '0', spans: [agent(1)[3]!] });
    expect((await store.getTrace({ traceId: traceId(1) })).info).toMatchObject({ state: 'IN_PROGRESS' });
    expect((await store.getTrace({ traceId: traceId(1) })).info.tokenUsage).toBeUndefined();

    const run = await store.createRun({ experimentId: '0' });
    await store.logBatch({ runId: run.info.runId, params: [{ key: 'p', value: 'a' }] });
    const failed = await store
      .applyWrites([
        { op: 'logSpans', experimentId: '0', spans: agent(2) },
        { op: 'logBatch', runId: run.info.runId, metrics: [], params: [{ key: 'p', value: 'b' }], tags: [] },
      ])
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    await store.logSpans({ experimentId: '0', spans: [agent(2)[2]!] });
    expect((await store.getTrace({ traceId: traceId(2) })).info).toMatchObject({ state: 'IN_PROGRESS', tokenUsage: { totalTokens: 14 } });
    await store.close();
  });

  it('ingests spans spooled by the previous version: whole spans, and spans with their encodings', async () => {
    const spool = new Spool(join(directory, 'spool'));
    await mkdir(spool.directory, { recursive: true });
    const [root, llm, retry, tool] = agent(1);
    const encode = (entry: Span): { attributes: Record<string, unknown>; jsonKeys: string[] } => ({
      attributes: Object.fromEntries(Object.entries(entry.attributes).map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : value])),
      jsonKeys: Object.entries(entry.attributes)
        .filter(([, value]) => typeof value === 'object')
        .map(([key]) => key),
    });
    // Segments as the previous version wrote them: JSON lists of operations, spans as objects.
    await writeFile(join(spool.directory, '0000000001-1-00000001-aaaaaa.seg'), JSON.stringify([{ op: 'logSpans', experimentId: '0', spans: [retry, tool] }]));
    await writeFile(
      join(spool.directory, '0000000001-1-00000002-aaaaaa.seg'),
      JSON.stringify([{ op: 'logSpans', experimentId: '0', spans: [root, llm].map((entry) => ({ ...entry, attributes: {} })), encodings: [encode(root!), encode(llm!)] }]),
    );
    const store = await DuckDbStore.open({ path: ':memory:' });
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 2, rejected: 0 });
    const { info } = await store.getTrace({ traceId: traceId(1) });
    expect(info).toEqual(await together(agent(1)));
    await store.close();
  });
});
