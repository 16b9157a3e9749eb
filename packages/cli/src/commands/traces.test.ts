import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchTracesResult, Span, Trace } from '@assay/core';
import { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES } from '@assay/core';
import { LocalStore } from '@assay/store';
import { createTemporaryStoreDirectory, runCli, runCliJson } from '../__fixtures__/run-cli.js';

const OK_TRACE = `tr-${'a'.repeat(32)}`;
const ERROR_TRACE = `tr-${'b'.repeat(32)}`;
const start = 1_700_000_000_000_000_000n;

function span(traceId: string, spanId: string, name: string, options: Partial<Span> & { offsetMs: number; durationMs: number }): Span {
  return {
    traceId,
    spanId,
    name,
    spanType: options.spanType ?? 'UNKNOWN',
    startTimeUnixNano: String(start + BigInt(options.offsetMs) * 1_000_000n),
    endTimeUnixNano: String(start + BigInt(options.offsetMs + options.durationMs) * 1_000_000n),
    status: options.status ?? { code: 'OK' },
    attributes: options.attributes ?? {},
    events: [],
    ...(options.parentSpanId !== undefined ? { parentSpanId: options.parentSpanId } : {}),
  };
}

describe('assay traces', () => {
  let directory: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    directory = await createTemporaryStoreDirectory();
    const store = await LocalStore.open({ root: directory.path });
    await store.logSpans({
      experimentId: '0',
      spans: [
        span(OK_TRACE, '1'.repeat(16), 'answer', {
          spanType: 'CHAIN',
          offsetMs: 0,
          durationMs: 120,
          // LLM output is untrusted: an ANSI escape must not reach the terminal raw.
          attributes: { [ASSAY_ATTRIBUTES.spanInputs]: { question: 'refund policy?' }, [ASSAY_ATTRIBUTES.spanOutputs]: '\u001b[31mred alert' },
        }),
        span(OK_TRACE, '2'.repeat(16), 'retrieve', { spanType: 'RETRIEVER', offsetMs: 5, durationMs: 30, parentSpanId: '1'.repeat(16) }),
        span(OK_TRACE, '5'.repeat(16), 'chat gpt-4o-mini', {
          spanType: 'CHAT_MODEL',
          offsetMs: 40,
          durationMs: 60,
          parentSpanId: '1'.repeat(16),
          attributes: { [GEN_AI_ATTRIBUTES.responseModel]: 'gpt-4o-mini-2024-07-18', [GEN_AI_ATTRIBUTES.usageInputTokens]: 1000, [GEN_AI_ATTRIBUTES.usageOutputTokens]: 500 },
        }),
        span(ERROR_TRACE, '3'.repeat(16), 'agent', { spanType: 'AGENT', offsetMs: 1000, durationMs: 800, status: { code: 'ERROR', message: 'tool failed' } }),
        span(ERROR_TRACE, '4'.repeat(16), 'search_docs', {
          spanType: 'TOOL',
          offsetMs: 1010,
          durationMs: 700,
          parentSpanId: '3'.repeat(16),
          status: { code: 'ERROR', message: 'boom' },
        }),
      ],
    });
    await store.logAssessments({
      assessments: [
        // A judge's rationale is LLM text: untrusted, like span payloads.
        { traceId: OK_TRACE, name: 'helpful', source: { sourceType: 'LLM_JUDGE', sourceId: 'gpt-4o-mini' }, feedback: { value: 'yes' }, rationale: 'Cites \u001b[2Jthe policy.' },
        { traceId: OK_TRACE, name: 'expected_answer', source: { sourceType: 'HUMAN', sourceId: 'ada' }, expectation: { value: { answer: '30 days' } }, spanId: '1'.repeat(16) },
      ],
    });
    await store.close();
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('lists traces newest first, with untrusted text escaped', async () => {
    const result = await runCli(directory.path, ['traces', 'list']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.indexOf(ERROR_TRACE)).toBeLessThan(result.stdout.indexOf(OK_TRACE));
    expect(result.stdout).toContain('ERROR');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('searches with the trace filter grammar', async () => {
    const result = await runCliJson<SearchTracesResult>(directory.path, ['traces', 'search', '--filter', "trace.status = 'ERROR' or span.type = 'TOOL'"]);
    expect(result.traces.map((trace) => trace.traceId)).toEqual([ERROR_TRACE]);
    const slow = await runCliJson<SearchTracesResult>(directory.path, ['traces', 'search', '--filter', 'trace.execution_time_ms > 500']);
    expect(slow.traces.map((trace) => trace.traceId)).toEqual([ERROR_TRACE]);
  });

  it('shows one trace as a span tree with statuses, inputs and outputs', async () => {
    const failed = await runCli(directory.path, ['traces', 'get', ERROR_TRACE]);
    expect(failed.exitCode, failed.stderr).toBe(0);
    expect(failed.stdout).toContain('state: ERROR');
    expect(failed.stdout).toMatch(/agent \(AGENT\) 800ms {2}ERROR: tool failed\n└─ search_docs \(TOOL\) 700ms {2}ERROR: boom/u);
    const ok = await runCli(directory.path, ['traces', 'get', OK_TRACE]);
    expect(ok.stdout).toContain('in:  {"question":"refund policy?"}');
    expect(ok.stdout).toContain('out: \\x1b[31mred alert');
    expect(ok.stdout).not.toContain('\u001b');
    const json = await runCliJson<Trace>(directory.path, ['traces', 'get', OK_TRACE]);
    expect(json.spans.map((item) => item.name)).toEqual(['answer', 'retrieve', 'chat gpt-4o-mini']);
  });

  it('shows a trace\'s cost, per span too, and its feedback and expectations, escaped', async () => {
    const result = await runCli(directory.path, ['traces', 'get', OK_TRACE]);
    expect(result.exitCode, result.stderr).toBe(0);
    // gpt-4o-mini at $0.15 / $0.60 per 1M tokens: 1,000 in and 500 out.
    expect(result.stdout).toContain('cost: $0.00045 ($0.00015 in, $0.0003 out)');
    expect(result.stdout).toContain('└─ chat gpt-4o-mini (CHAT_MODEL) 60ms $0.00045');
    expect(result.stdout).toContain('Assessments (2)');
    expect(result.stdout).toMatch(/│ feedback +│ helpful +│ yes +│ LLM_JUDGE gpt-4o-mini │ - +│ Cites \\x1b\[2Jthe policy\. │/u);
    expect(result.stdout).toMatch(/│ expectation │ expected_answer │ \{"answer":"30 days"\} │ HUMAN ada +│ 1{16} │ +│/u);
    expect(result.stdout).not.toContain('\u001b');
    const none = await runCli(directory.path, ['traces', 'get', ERROR_TRACE]);
    expect(none.stdout).toContain('Assessments: none');
    expect(none.stdout).not.toContain('cost:');
    const json = await runCliJson<Trace>(directory.path, ['traces', 'get', OK_TRACE]);
    expect(json.info.assessments.map((assessment) => assessment.name)).toEqual(['helpful', 'expected_answer']);
    expect(json.info.cost?.totalCost).toBeCloseTo(0.00045, 12);
  });

  it('searches by feedback and cost, with a cost column', async () => {
    const helpful = await runCliJson<SearchTracesResult>(directory.path, ['traces', 'search', '--filter', "feedback.helpful = 'yes'"]);
    expect(helpful.traces.map((trace) => trace.traceId)).toEqual([OK_TRACE]);
    const costly = await runCliJson<SearchTracesResult>(directory.path, ['traces', 'search', '--filter', 'cost.total > 0.0001']);
    expect(costly.traces.map((trace) => trace.traceId)).toEqual([OK_TRACE]);
    const table = await runCli(directory.path, ['traces', 'search', '--order-by', 'cost.total DESC']);
    expect(table.stdout).toMatch(/│ Tokens in\/out │ +Cost │/u);
    expect(table.stdout).toMatch(new RegExp(`${OK_TRACE} .*│ +1000\\/500 │ \\$0\\.00045 │`, 'u'));
    expect(table.stdout.indexOf(OK_TRACE)).toBeLessThan(table.stdout.indexOf(ERROR_TRACE));
  });

  it('reports a bad filter with its column, and an unknown trace, with exit code 1', async () => {
    const badFilter = await runCli(directory.path, ['traces', 'search', '--filter', "trace.status = 'OK' andd"]);
    expect(badFilter.exitCode).toBe(1);
    expect(badFilter.stderr).toMatch(/column \d+/u);
    const unknown = await runCli(directory.path, ['traces', 'get', `tr-${'c'.repeat(32)}`]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/not found/iu);
  });
});
