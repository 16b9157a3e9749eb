import { ASSAY_ATTRIBUTES, type LogSpansInput, type Span } from '@assay/core';
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { flush } from '../flush.js';
import { withRun } from '../tracking/with-run.js';
import { useMemoryTracing } from './__fixtures__/memory-tracing.js';
import { createAssaySpanProcessor } from './create-assay-span-processor.js';
import { getExportStats } from './get-export-stats.js';
import { getLastTraceId } from './get-last-trace-id.js';
import { resetTracingForTests } from './tracer-provider.js';
import { trace } from './trace-function.js';
import { withSpan } from './with-span.js';

useTempTrackingUri();
const tracing = useMemoryTracing();

describe('StoreSpanProcessor', () => {
  it('links a root span started inside a run to it and sends the trace to the run experiment', async () => {
    const step = trace(async (input: string) => input.toUpperCase(), { name: 'step' });
    let runId = '';
    let experimentId = '';
    await withRun({ experimentName: 'traced' }, async (run) => {
      runId = run.id;
      experimentId = run.experimentId;
      await withSpan('root', async () => step('a'));
    });
    await step('outside');
    const captured = await tracing.spans();
    const root = captured.find((entry) => entry.span.name === 'root');
    const child = captured.find((entry) => entry.span.name === 'step' && entry.span.parentSpanId !== undefined);
    const outside = captured.find((entry) => entry.span.name === 'step' && entry.span.parentSpanId === undefined);
    expect(root?.span.attributes[ASSAY_ATTRIBUTES.sourceRun]).toBe(runId);
    expect(root?.experimentId).toBe(experimentId);
    expect(child?.experimentId).toBe(experimentId);
    expect(child?.span.attributes[ASSAY_ATTRIBUTES.sourceRun]).toBeUndefined();
    expect(outside?.span.attributes[ASSAY_ATTRIBUTES.sourceRun]).toBeUndefined();
    expect(outside?.experimentId).toBe('0');
  });

  it('is flushed by the global flush() and counted by getExportStats()', async () => {
    trace(() => 1, { name: 'counted' })();
    expect(getExportStats()).toMatchObject({ exported: 0, queued: 1 });
    await flush();
    expect(getExportStats()).toEqual({ exported: 1, dropped: 0, failed: 0, queued: 0 });
    expect((await tracing.spans()).map((entry) => entry.span.name)).toEqual(['counted']);
  });

  it('makes no spans of the export itself (tracing is suppressed while writing)', async () => {
    const written: Span[] = [];
    const noisy = trace(() => 'inner', { name: 'inside-export' });
    await resetTracingForTests({
      flushIntervalMs: 60_000,
      resolveDestination: async () => ({
        sink: {
          logSpans: async (input) => {
            noisy();
            written.push(...input.spans);
          },
        },
        experimentId: '0',
      }),
    });
    trace(() => 'outer', { name: 'app' })();
    await flush();
    await flush();
    expect(written.map((span) => span.name)).toEqual(['app']);
  });

  it('leaves the attributes encoded for a sink that accepts encodings, and decodes them for others', async () => {
    const inputs: LogSpansInput[] = [];
    const wholeInputs: LogSpansInput[] = [];
    const sink = { acceptsSpanEncodings: true, logSpans: async (input: LogSpansInput) => void inputs.push(input) };
    const wholeSink = { logSpans: async (input: LogSpansInput) => void wholeInputs.push(input) };
    let traces = 0;
    // The first trace goes to the sink of encodings, the second to one of whole spans.
    await resetTracingForTests({ flushIntervalMs: 60_000, resolveDestination: async () => ({ sink: traces++ === 0 ? sink : wholeSink, experimentId: '0' }) });
    const step = trace((question: { text: string }) => ({ answer: question.text.length }), { name: 'step', spanType: 'TOOL', attributes: { plain: 'text', tags: ['a'] } });
    step({ text: 'refund?' });
    step({ text: 'refund?' });
    await flush();
    const span = inputs[0]!.spans[0]!;
    const encoding = inputs[0]!.encodings![0]!;
    // The payloads are in the encoding as the JSON text Assay serialised, like every other attribute.
    expect(span.attributes).toEqual({});
    expect(span.spanType).toBe('TOOL');
    expect(encoding.attributes[ASSAY_ATTRIBUTES.spanInputs]).toBe('{"text":"refund?"}');
    expect(encoding.attributes[ASSAY_ATTRIBUTES.spanOutputs]).toBe('{"answer":7}');
    expect(encoding.jsonKeys).toEqual(expect.arrayContaining([ASSAY_ATTRIBUTES.spanInputs, ASSAY_ATTRIBUTES.spanOutputs, ASSAY_ATTRIBUTES.spanType, 'tags']));
    expect(encoding.jsonKeys).not.toContain('plain');
    // Decoded, the encoding gives what the sink of whole spans got.
    const fromEncoding = Object.fromEntries(
      Object.entries(encoding.attributes).map(([key, value]) => [key, encoding.jsonKeys.includes(key) ? JSON.parse(value as string) : value]),
    );
    const whole = wholeInputs[0]!.spans[0]!;
    expect(wholeInputs[0]!.encodings).toBeUndefined();
    expect(fromEncoding).toEqual(whole.attributes);
    expect(whole.attributes).toMatchObject({ plain: 'text', tags: ['a'], [ASSAY_ATTRIBUTES.spanInputs]: { text: 'refund?' }, [ASSAY_ATTRIBUTES.spanOutputs]: { answer: 7 } });
  });

  it('gives a sink that does not accept encodings whole spans, inputs and outputs decoded', async () => {
    trace((question: { text: string }) => ({ answer: question.text.length }), { name: 'step' })({ text: 'refund?' });
    const [entry] = await tracing.spans();
    expect(entry?.span.attributes[ASSAY_ATTRIBUTES.spanInputs]).toEqual({ text: 'refund?' });
    expect(entry?.span.attributes[ASSAY_ATTRIBUTES.spanOutputs]).toEqual({ answer: 7 });
  });

  it('plugs into an application provider without touching the global one', async () => {
    const written: Span[] = [];
    const processor = createAssaySpanProcessor({
      flushIntervalMs: 60_000,
      resolveDestination: async () => ({
        sink: {
          logSpans: async (input) => {
            written.push(...input.spans);
          },
        },
        experimentId: '5',
      }),
    });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('app');
    const parent = tracer.startSpan('http-request');
    const child = tracer.startSpan('db-query', {}, otelTrace.setSpan(otelContext.active(), parent));
    child.end();
    parent.end();
    await flush();
    expect(written.map((span) => [span.name, span.parentSpanId === undefined])).toEqual([
      ['db-query', false],
      ['http-request', true],
    ]);
    expect(getLastTraceId()).toBe(`tr-${parent.spanContext().traceId}`);
    // Assay's own spans still go to Assay's provider, and the global provider is untouched.
    expect(otelTrace.getTracerProvider().getTracer('x').startSpan('global').isRecording()).toBe(false);
    await provider.shutdown();
  });
});
