import { describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES, PackedSpanRowsReader, createModelPriceTable, packSpans, type Span } from '@assay/core';
import { cutPreview, rootSummary } from './root-summary.js';
import { SpanWriterState, addSpanRow, createTraceSpanState, measureTrace, type TraceSpanState } from './trace-span-state.js';

const TRACE_ID = `tr-${'a'.repeat(32)}`;

function span(id: string, overrides: Partial<Span> = {}): Span {
  return {
    traceId: TRACE_ID,
    spanId: id.padStart(16, '0'),
    name: `span-${id}`,
    spanType: 'UNKNOWN',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    status: { code: 'UNSET' },
    attributes: {},
    events: [],
    ...overrides,
  };
}

const child = (id: string, parent: string, overrides: Partial<Span> = {}): Span => span(id, { parentSpanId: parent.padStart(16, '0'), ...overrides });

/** A state built from spans added in batches, with the last batch's reader and the row that became the root. */
function stateOf(...batches: Span[][]): { state: TraceSpanState; root: { reader: PackedSpanRowsReader; row: number } | undefined } {
  const state = createTraceSpanState();
  let root: { reader: PackedSpanRowsReader; row: number } | undefined;
  for (const batch of batches) {
    const reader = PackedSpanRowsReader.read(packSpans(batch));
    for (let row = 0; row < reader.count; row += 1) {
      if (addSpanRow(state, reader, row, reader.raw(row, 1)) === 'root') root = { reader, row };
    }
  }
  return { state, root };
}

const prices = createModelPriceTable();

describe('trace state', () => {
  it('counts a span only when no ancestor carries usage, whatever convention it uses', () => {
    const spans = [
      span('1'),
      child('2', '1', { attributes: { [ASSAY_ATTRIBUTES.tokenUsage]: '{"input_tokens":10,"output_tokens":5,"total_tokens":15}' } }),
      child('3', '2', { attributes: { [GEN_AI_ATTRIBUTES.usageInputTokens]: 100, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 100 } }),
      child('4', '1'),
      child('5', '4', { attributes: { [OPENINFERENCE_ATTRIBUTES.promptTokens]: 2, [OPENINFERENCE_ATTRIBUTES.completionTokens]: 1 } }),
    ];
    expect(measureTrace(stateOf(spans).state, prices).usage).toEqual({ inputTokens: 12, outputTokens: 6, totalTokens: 18 });
    // In any order, over any batches: a child counted first stops counting once its parent with usage arrives.
    expect(measureTrace(stateOf([spans[2]!], [spans[4]!, spans[0]!], [spans[1]!, spans[3]!]).state, prices).usage).toEqual({
      inputTokens: 12,
      outputTokens: 6,
      totalTokens: 18,
    });
    expect(measureTrace(stateOf([span('1')]).state, prices)).toEqual({});
  });

  it('prices usage with the span model and sums costs by the same rule', () => {
    const usage = { [GEN_AI_ATTRIBUTES.usageInputTokens]: 1_000_000, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 0 };
    const { state } = stateOf([
      span('1', { attributes: { ...usage, [GEN_AI_ATTRIBUTES.requestModel]: 'gpt-4o' } }),
      child('2', '1', { attributes: { ...usage, [GEN_AI_ATTRIBUTES.requestModel]: 'gpt-4o' } }),
      span('3', { attributes: { ...usage, [GEN_AI_ATTRIBUTES.requestModel]: 'no-such-model' } }),
    ]);
    const { usage: total, cost } = measureTrace(state, prices);
    expect(total).toEqual({ inputTokens: 2_000_000, outputTokens: 0, totalTokens: 2_000_000 });
    expect(cost?.totalCost).toBe(prices.costOf({ inputTokens: 1_000_000, outputTokens: 0, totalTokens: 1_000_000 }, 'gpt-4o')!.totalCost);
  });

  it('takes the first span without a parent as the root, else the earliest marked one, and notices a root that gains a parent', () => {
    const marked = (id: string, start: string): Span => child(id, 'f', { startTimeUnixNano: start, attributes: { [ASSAY_ATTRIBUTES.traceRoot]: true } });
    expect(stateOf([marked('2', '1700000000000000005')], [marked('3', '1700000000000000001')]).state.root).toMatchObject({ spanId: '3'.padStart(16, '0'), parentless: false });
    expect(stateOf([marked('2', '1700000000000000005'), span('1')], [marked('3', '1700000000000000001')]).state.root).toMatchObject({ spanId: '1'.padStart(16, '0'), parentless: true });
    expect(stateOf([child('2', '1', { startTimeUnixNano: '1700000000000000007' })]).state).toMatchObject({ root: undefined, earliestStartNs: '1700000000000000007' });
    const { state } = stateOf([span('1')]);
    const moved = PackedSpanRowsReader.read(packSpans([child('1', '9')]));
    expect(addSpanRow(state, moved, 0, '1'.padStart(16, '0'))).toBe('lost-root');
  });

  it('forgets the least recently written traces beyond its bound', () => {
    const memory = new SpanWriterState(3);
    const { endTimeUnixNano: _open, ...openRoot } = span('1');
    const two = stateOf([openRoot, child('2', '1')]).state;
    memory.remember('a', two);
    memory.remember('b', two);
    memory.remember('a', two);
    memory.trim();
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')).toBe(two);
    memory.forget(['a']);
    expect(memory.size).toEqual({ traces: 0, spans: 0 });
    // A complete trace (its root ended) is not kept.
    memory.remember('c', stateOf([span('1')]).state);
    expect(memory.get('c')).toBeUndefined();
  });
});

describe('rootSummary', () => {
  it('takes name, state, times and previews from the root span', () => {
    const root = span('1', {
      name: 'agent',
      status: { code: 'ERROR', message: 'boom' },
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'x'.repeat(2000) }, [ASSAY_ATTRIBUTES.spanOutputs]: '"done"' },
    });
    const summary = rootSummary(PackedSpanRowsReader.read(packSpans([root])), 0);
    expect(summary).toMatchObject({ rootSpanId: root.spanId, name: 'agent', state: 'ERROR', requestTime: 1_700_000_000_000, executionDurationMs: 250, endTimeMs: 1_700_000_000_250 });
    expect(summary.requestPreview).toHaveLength(1000);
    expect(summary.requestPreview?.endsWith('xx...')).toBe(true);
    expect(summary.responsePreview).toBe('"done"');
  });

  it('reads OpenInference inputs as text, and root attributes for session, user, run, tags and metadata', () => {
    const root = span('1', {
      attributes: {
        [OPENINFERENCE_ATTRIBUTES.inputValue]: 'hello',
        [ASSAY_ATTRIBUTES.sessionId]: 's-1',
        [ASSAY_ATTRIBUTES.userId]: 'ada',
        [ASSAY_ATTRIBUTES.sourceRun]: 'run-1',
        [ASSAY_ATTRIBUTES.traceTags]: '{"env":"prod"}',
        [ASSAY_ATTRIBUTES.traceMetadata]: { version: 2 },
      },
    });
    expect(rootSummary(PackedSpanRowsReader.read(packSpans([root])), 0)).toEqual({
      rootSpanId: root.spanId,
      name: 'span-1',
      state: 'OK',
      requestTime: 1_700_000_000_000,
      executionDurationMs: 250,
      endTimeMs: 1_700_000_000_250,
      requestPreview: 'hello',
      sessionId: 's-1',
      userId: 'ada',
      runId: 'run-1',
      tags: '{"env":"prod"}',
      metadata: '{"version":"2"}',
    });
  });

  it('is IN_PROGRESS while the root is open', () => {
    const { endTimeUnixNano: _open, ...open } = span('1');
    expect(rootSummary(PackedSpanRowsReader.read(packSpans([open])), 0).state).toBe('IN_PROGRESS');
  });

  it('cuts previews only when longer than the limit', () => {
    expect(cutPreview('short')).toBe('short');
    expect(cutPreview('y'.repeat(1001))).toBe(`${'y'.repeat(997)}...`);
  });
});
