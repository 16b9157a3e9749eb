import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchTracesResult, Span, Trace } from '@assay/core';
import { ASSAY_ATTRIBUTES } from '@assay/core';
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
    expect(json.spans.map((item) => item.name)).toEqual(['answer', 'retrieve']);
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
