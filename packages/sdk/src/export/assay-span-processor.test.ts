import { ASSAY_ATTRIBUTES, PACKED_SPAN_FIELD, PackedSpanRowsReader, type LogSpansInput, type Span } from '@assay/core';
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { useMemoryTracing } from '../tracing/__fixtures__/memory-tracing.js';
import { resetForTests } from '../testing/reset-for-tests.js';
import { decodeSpanBatch } from './decode-span-batch.js';
import { encodeSpanBatch } from './encode-span-batch.js';
import type { AssaySpanExporter } from './span-exporter.js';
import { createAssay, flush, getExportStats, trace, withRun, withSpan } from '../index.js';

useTempTrackingUri();

/** A fresh default instance whose every trace goes to `exportBatch` (experiment '0'), exported on flush only. */
function exportEveryTraceTo(exportBatch: AssaySpanExporter['export']): Promise<void> {
  return resetForTests({
    tracing: { flushIntervalMs: 60_000, resolveDestination: async () => ({ exporter: { export: exportBatch }, experimentId: '0' }) },
  });
}
const tracing = useMemoryTracing();

describe('AssaySpanProcessor', () => {
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
    await exportEveryTraceTo(async (batch) => {
      noisy();
      written.push(...decodeSpanBatch(batch));
    });
    trace(() => 'outer', { name: 'app' })();
    await flush();
    await flush();
    expect(written.map((span) => span.name)).toEqual(['app']);
  });

  it('hands exporters batches that encode for a store without parsing, and decode to whole spans', async () => {
    const inputs: LogSpansInput[] = [];
    const wholes: Span[][] = [];
    await exportEveryTraceTo(async (batch) => {
      inputs.push(encodeSpanBatch(batch));
      wholes.push(decodeSpanBatch(batch));
    });
    const step = trace((question: { text: string }) => ({ answer: question.text.length }), { name: 'step', spanType: 'TOOL', attributes: { plain: 'text', tags: ['a'] } });
    step({ text: 'refund?' });
    await flush();
    // The store gets the packed rows as they were queued: the payloads as the JSON text Assay serialised, like every other attribute.
    expect(inputs[0]).toEqual({ experimentId: '0', packed: expect.objectContaining({ format: 1, count: 1 }) });
    const row = PackedSpanRowsReader.read(inputs[0]!.packed!, { validate: true });
    expect(row.raw(0, PACKED_SPAN_FIELD.spanType)).toBe('TOOL');
    expect(row.textOf(0, PACKED_SPAN_FIELD.inputs)).toBe('{"text":"refund?"}');
    expect(row.textOf(0, PACKED_SPAN_FIELD.outputs)).toBe('{"answer":7}');
    expect(row.raw(0, PACKED_SPAN_FIELD.attributes)).toContain(`"${ASSAY_ATTRIBUTES.spanInputs}":{"text":"refund?"}`);
    // Decoded, the rows give the whole span's attributes.
    const whole = wholes[0]![0]!;
    expect(JSON.parse(row.raw(0, PACKED_SPAN_FIELD.attributes))).toEqual(whole.attributes);
    expect(whole.attributes).toMatchObject({ plain: 'text', tags: ['a'], [ASSAY_ATTRIBUTES.spanInputs]: { text: 'refund?' }, [ASSAY_ATTRIBUTES.spanOutputs]: { answer: 7 } });
  });

  it('gives an exporter that decodes its batches whole spans, inputs and outputs decoded', async () => {
    trace((question: { text: string }) => ({ answer: question.text.length }), { name: 'step' })({ text: 'refund?' });
    const [entry] = await tracing.spans();
    expect(entry?.span.attributes[ASSAY_ATTRIBUTES.spanInputs]).toEqual({ text: 'refund?' });
    expect(entry?.span.attributes[ASSAY_ATTRIBUTES.spanOutputs]).toEqual({ answer: 7 });
  });

  it('plugs into an application provider without touching the global one', async () => {
    const written: Span[] = [];
    const assay = createAssay({
      tracing: {
        flushIntervalMs: 60_000,
        resolveDestination: async () => ({
          exporter: {
            export: async (batch) => {
              written.push(...decodeSpanBatch(batch));
            },
          },
          experimentId: '5',
        }),
      },
    });
    const processor = assay.createSpanProcessor();
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('app');
    const parent = tracer.startSpan('http-request');
    const child = tracer.startSpan('db-query', {}, otelTrace.setSpan(otelContext.active(), parent));
    child.end();
    parent.end();
    await assay.flush();
    expect(written.map((span) => [span.name, span.parentSpanId === undefined])).toEqual([
      ['db-query', false],
      ['http-request', true],
    ]);
    expect(assay.getLastTraceId()).toBe(`tr-${parent.spanContext().traceId}`);
    // Assay's own spans still go to Assay's provider, and the global provider is untouched.
    expect(otelTrace.getTracerProvider().getTracer('x').startSpan('global').isRecording()).toBe(false);
    await provider.shutdown();
    await assay.dispose();
  });
});
