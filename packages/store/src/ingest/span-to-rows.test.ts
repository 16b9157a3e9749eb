import { describe, expect, it } from 'vitest';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES, type Span } from '@assay/core';
import { orderSpans } from './order-spans.js';
import { cutPreview, resolveSpanType, spanToRow, sumTokenUsage, summarizeTrace } from './span-to-rows.js';

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

describe('sumTokenUsage', () => {
  it('counts a span only when no ancestor carries usage, whatever convention it uses', () => {
    const spans = [
      span('1'),
      child('2', '1', { attributes: { [ASSAY_ATTRIBUTES.tokenUsage]: '{"input_tokens":10,"output_tokens":5,"total_tokens":15}' } }),
      child('3', '2', { attributes: { [GEN_AI_ATTRIBUTES.usageInputTokens]: 100, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 100 } }),
      child('4', '1'),
      child('5', '4', { attributes: { [OPENINFERENCE_ATTRIBUTES.promptTokens]: 2, [OPENINFERENCE_ATTRIBUTES.completionTokens]: 1 } }),
    ];
    expect(sumTokenUsage(spans)).toEqual({ inputTokens: 12, outputTokens: 6, totalTokens: 18 });
    expect(sumTokenUsage([span('1')])).toBeUndefined();
  });
});

describe('summarizeTrace', () => {
  it('takes name, state, times and previews from the root span', () => {
    const root = span('1', {
      name: 'agent',
      status: { code: 'ERROR', message: 'boom' },
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'x'.repeat(2000) }, [ASSAY_ATTRIBUTES.spanOutputs]: '"done"' },
    });
    const summary = summarizeTrace([child('2', '1'), root]);
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
    expect(summarizeTrace([root])).toEqual({
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
      tags: { env: 'prod' },
      metadata: { version: '2' },
    });
  });

  it('is IN_PROGRESS while the root is open or missing', () => {
    const { endTimeUnixNano: _open, ...open } = span('1');
    expect(summarizeTrace([open]).state).toBe('IN_PROGRESS');
    expect(summarizeTrace([child('2', '1', { startTimeUnixNano: '1700000000005000000' })])).toEqual({
      state: 'IN_PROGRESS',
      requestTime: 1_700_000_000_005,
      tags: {},
      metadata: {},
    });
  });
});

describe('span rows', () => {
  it('maps OpenInference span kinds and keeps inputs as searchable text', () => {
    expect(resolveSpanType(span('1', { attributes: { [OPENINFERENCE_ATTRIBUTES.spanKind]: 'RETRIEVER' } }))).toBe('RETRIEVER');
    expect(resolveSpanType(span('1', { attributes: { [OPENINFERENCE_ATTRIBUTES.spanKind]: 'GUARDRAIL' } }))).toBe('UNKNOWN');
    expect(resolveSpanType(span('1', { spanType: 'TOOL', attributes: { [ASSAY_ATTRIBUTES.spanType]: '"LLM"' } }))).toBe('LLM');
    const row = spanToRow(span('1', { attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'refund' } } }));
    expect(row).toMatchObject({ inputs: '{"q":"refund"}', outputs: undefined, startTimeNs: '1700000000000000000' });
  });

  it('cuts previews only when longer than the limit', () => {
    expect(cutPreview('short')).toBe('short');
    expect(cutPreview('y'.repeat(1001))).toBe(`${'y'.repeat(997)}...`);
  });

  it('orders spans parents first, siblings by start time', () => {
    const spans = [
      child('3', '1', { startTimeUnixNano: '3' }),
      child('4', '2', { startTimeUnixNano: '4' }),
      child('2', '1', { startTimeUnixNano: '2' }),
      span('1', { startTimeUnixNano: '5' }),
    ];
    expect(orderSpans(spans).map((item) => item.spanId.replace(/^0+/u, ''))).toEqual(['1', '2', '4', '3']);
  });
});

describe('spanToRow with an encoding', () => {
  it('writes the producer\'s JSON text as it is, without serialising the decoded values again', () => {
    const decoded = span('1', { attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { q: 'refund?' }, [ASSAY_ATTRIBUTES.spanType]: 'TOOL', count: 2 } });
    const encoding = {
      // Spaced text tells it apart from what JSON.stringify of the decoded value gives.
      attributes: { [ASSAY_ATTRIBUTES.spanInputs]: '{ "q": "refund?" }', [ASSAY_ATTRIBUTES.spanType]: '"TOOL"', count: 2 },
      jsonKeys: [ASSAY_ATTRIBUTES.spanInputs, ASSAY_ATTRIBUTES.spanType],
    };
    const row = spanToRow(decoded, encoding);
    expect(row.inputs).toBe('{ "q": "refund?" }');
    expect(row.outputs).toBeUndefined();
    expect(row.attributes).toBe(`{"${ASSAY_ATTRIBUTES.spanInputs}":{ "q": "refund?" },"${ASSAY_ATTRIBUTES.spanType}":"TOOL","count":2}`);
    expect(JSON.parse(row.attributes)).toEqual(decoded.attributes);
    expect(spanToRow(decoded).inputs).toBe('{"q":"refund?"}');
  });
});
