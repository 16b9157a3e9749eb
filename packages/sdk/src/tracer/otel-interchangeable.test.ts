// Assay's tracer stands in for OpenTelemetry's SDK tracer: the same scenarios,
// run through both, must record the same spans (names, parents, trace
// grouping, status, attributes, events) and propagate context the same way.
import type { Span as CoreSpan } from '@assay/core';
import { ROOT_CONTEXT, SpanStatusCode, TraceFlags, context, trace, type Context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing as sdkSuppressTracing } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedSpanToAssaySpan, toAssaySpan } from '../export/to-assay-span.js';
import { AssayTracer } from './assay-tracer.js';
import type { RecordedSpan } from './recorded-span.js';
import { newSpanId, newTraceId } from './span-ids.js';
import { suppressTracing as assaySuppressTracing } from './suppress-tracing.js';

interface Harness {
  tracer: Tracer;
  finished(): CoreSpan[];
}

function assayHarness(): Harness {
  const ended: RecordedSpan[] = [];
  const tracer = new AssayTracer({ onRecordedSpanStart: () => undefined, onRecordedSpanEnd: (span) => void ended.push(span) });
  return { tracer, finished: () => ended.map(recordedSpanToAssaySpan) };
}

function sdkHarness(): Harness {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer('sdk'), finished: () => exporter.getFinishedSpans().map(toAssaySpan) };
}

/** The spans with ids replaced by labels in order of appearance, and times dropped. */
function comparable(spans: CoreSpan[], known: Map<string, string> = new Map()): unknown[] {
  const label = (id: string): string => {
    if (!known.has(id)) known.set(id, `id-${known.size + 1}`);
    return known.get(id)!;
  };
  return spans.map((span) => ({
    trace: label(span.traceId),
    span: label(span.spanId),
    parent: span.parentSpanId === undefined ? undefined : label(span.parentSpanId),
    name: span.name,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    ended: span.endTimeUnixNano !== undefined,
  }));
}

/** Runs a scenario with both tracers and expects the same spans; `knownIds` (given from outside) keep their labels in both. */
async function expectSameSpans(scenario: (tracer: Tracer) => Promise<void> | void, knownIds: string[] = []): Promise<CoreSpan[]> {
  const assay = assayHarness();
  const sdk = sdkHarness();
  await scenario(assay.tracer);
  await scenario(sdk.tracer);
  const seeded = (): Map<string, string> => new Map(knownIds.map((id, index) => [id, `known-${index + 1}`]));
  expect(comparable(assay.finished(), seeded())).toEqual(comparable(sdk.finished(), seeded()));
  return assay.finished();
}

const manager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(manager.enable());
});
afterAll(() => {
  context.disable();
});

describe("Assay's tracer, interchangeable with OpenTelemetry's SDK", () => {
  it('nests spans through explicit contexts, and startActiveSpan through the context manager across awaits', async () => {
    const spans = await expectSameSpans(async (tracer) => {
      const root = tracer.startSpan('root', {}, ROOT_CONTEXT);
      const child = tracer.startSpan('child', { attributes: { step: 1 } }, trace.setSpan(ROOT_CONTEXT, root));
      child.end();
      await tracer.startActiveSpan('active', {}, trace.setSpan(ROOT_CONTEXT, root), async (active) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        // After an await, the active span is still current, so a span started without a context nests under it.
        const nested = tracer.startSpan('after-await');
        nested.end();
        active.end();
      });
      root.end();
    });
    expect(spans.map((span) => span.name)).toEqual(['child', 'after-await', 'active', 'root']);
  });

  it('records nothing inside a suppressed context, whichever package suppressed it', async () => {
    const spans = await expectSameSpans((tracer) => {
      for (const suppressed of [sdkSuppressTracing(ROOT_CONTEXT), assaySuppressTracing(ROOT_CONTEXT)]) {
        const span = tracer.startSpan('hidden', {}, suppressed);
        expect(span.isRecording()).toBe(false);
        expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
        span.end();
      }
      tracer.startSpan('visible', {}, ROOT_CONTEXT).end();
    });
    expect(spans.map((span) => span.name)).toEqual(['visible']);
  });

  it('makes W3C ids, and follows a remote parent and its sampling decision', async () => {
    const traceId = newTraceId();
    const remoteSpanId = newSpanId();
    const spans = await expectSameSpans(
      (tracer) => {
        const sampled = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: remoteSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
        tracer.startSpan('continued', {}, sampled).end();
        const dropped = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: remoteSpanId, traceFlags: TraceFlags.NONE, isRemote: true });
        const skipped = tracer.startSpan('not-sampled', {}, dropped);
        expect(skipped.isRecording()).toBe(false);
        expect(skipped.spanContext().traceId).toBe(traceId);
        skipped.end();
        const root = tracer.startSpan('root-anyway', { root: true }, sampled);
        expect(root.spanContext().traceId).not.toBe(traceId);
        expect(root.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(root.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
        root.end();
      },
      [`tr-${traceId}`, remoteSpanId],
    );
    expect(spans.map((span) => span.name)).toEqual(['continued', 'root-anyway']);
  });

  it('keeps the same status, attribute and event rules', async () => {
    await expectSameSpans((tracer) => {
      const span = tracer.startSpan('rules', {}, ROOT_CONTEXT);
      span.setAttribute('kept', 'yes');
      span.setAttribute('list', [1, 2, 3]);
      span.setAttribute('mixed', [1, 'two'] as never);
      span.setAttribute('object', { a: 1 } as never);
      span.setAttributes({ many: true, count: 3 });
      span.setStatus({ code: SpanStatusCode.UNSET });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
      span.setStatus({ code: SpanStatusCode.OK });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'OK is final' });
      span.addEvent('checkpoint', { stage: 'retrieve' });
      span.addEvent('timed', [1_700_000_000, 5]);
      const error = new TypeError('boom');
      error.stack = 'TypeError: boom\n    at scenario';
      span.recordException(error);
      span.recordException('plain text');
      span.updateName('renamed');
      span.end();
      span.setAttribute('late', 1);
      span.end();
    });
  });

  it('mixes with SDK spans either way round in one trace', async () => {
    const sdk = sdkHarness();
    const assay = assayHarness();
    const sdkRoot = sdk.tracer.startSpan('http', {}, ROOT_CONTEXT);
    const assayChild = assay.tracer.startSpan('assay', {}, trace.setSpan(ROOT_CONTEXT, sdkRoot));
    const sdkGrandchild = sdk.tracer.startSpan('db', {}, trace.setSpan(ROOT_CONTEXT, assayChild));
    sdkGrandchild.end();
    assayChild.end();
    sdkRoot.end();
    const ids = new Map<string, string>();
    const [sdkSpans, assaySpans] = [comparable(sdk.finished(), ids), comparable(assay.finished(), ids)] as [
      { name: string; trace: string; span: string; parent?: string }[],
      { name: string; trace: string; span: string; parent?: string }[],
    ];
    const byName = new Map([...sdkSpans, ...assaySpans].map((span) => [span.name, span]));
    expect(new Set([...byName.values()].map((span) => span.trace)).size).toBe(1);
    expect(byName.get('assay')?.parent).toBe(byName.get('http')?.span);
    expect(byName.get('db')?.parent).toBe(byName.get('assay')?.span);
  });

  it('leaves the active context alone outside startActiveSpan', () => {
    const assay = assayHarness();
    const before: Context = context.active();
    assay.tracer.startSpan('not-active').end();
    expect(context.active()).toBe(before);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});
