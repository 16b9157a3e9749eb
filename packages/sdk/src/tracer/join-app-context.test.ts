// An app that registers OpenTelemetry's Node provider (global context manager
// included): Assay's spans join the app's active trace, and the app's spans
// started inside Assay's nest under them. Without a global manager (every
// other test file), Assay keeps its own context and registers nothing.
import { ASSAY_ATTRIBUTES } from '@assay/core';
import { context, trace as otelTrace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { flush, getTrace, trace, withSpan } from '../index.js';
import { usesGlobalContextManager } from './trace-context.js';

const appSpans = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appSpans)] });
const appTracer = provider.getTracer('app');

beforeAll(() => {
  provider.register(); // the global tracer provider, context manager and propagator, as an instrumented app does
});
afterAll(async () => {
  await provider.shutdown();
  otelTrace.disable();
  context.disable();
});

useTempTrackingUri();

describe('Assay inside an application that registered OpenTelemetry', () => {
  it('sees the global context manager', () => {
    expect(usesGlobalContextManager()).toBe(true);
  });

  it("joins the app's active span: same trace, the app's span as parent, the topmost Assay span as the stored trace's root", async () => {
    const answer = trace(async (question: string) => `answer to ${question}`, { name: 'answer', spanType: 'CHAIN' });
    const retrieve = trace(async () => ['doc'], { name: 'retrieve', spanType: 'RETRIEVER' });
    const outer = trace(async (question: string) => {
      await retrieve();
      return answer(question);
    }, { name: 'assay-outer' });
    let appTraceId = '';
    let appSpanId = '';
    await appTracer.startActiveSpan('GET /chat', async (span) => {
      appTraceId = span.spanContext().traceId;
      appSpanId = span.spanContext().spanId;
      await outer('refunds');
      span.end();
    });
    await flush();
    const stored = await getTrace(`tr-${appTraceId}`);
    expect(stored.info).toMatchObject({ name: 'assay-outer', state: 'OK', responsePreview: '"answer to refunds"' });
    const byName = new Map(stored.spans.map((span) => [span.name, span]));
    expect([...byName.keys()]).toEqual(['assay-outer', 'retrieve', 'answer']);
    // The remote parent id is kept, and marked as the trace's root here.
    expect(byName.get('assay-outer')?.parentSpanId).toBe(appSpanId);
    expect(byName.get('assay-outer')?.attributes[ASSAY_ATTRIBUTES.traceRoot]).toBe(true);
    expect(byName.get('retrieve')?.parentSpanId).toBe(byName.get('assay-outer')?.spanId);
    expect(byName.get('retrieve')?.attributes[ASSAY_ATTRIBUTES.traceRoot]).toBeUndefined();
  });

  it('lets spans the app starts inside an Assay span nest under it', async () => {
    let outerSpanId = '';
    let outerTraceId = '';
    await withSpan({ name: 'assay-outer' }, async (span) => {
      outerSpanId = span.spanId;
      outerTraceId = span.traceId;
      await new Promise((resolve) => setTimeout(resolve, 1));
      const query = appTracer.startSpan('user-db-query');
      query.end();
    });
    const query = appSpans.getFinishedSpans().find((span) => span.name === 'user-db-query')!;
    expect(`tr-${query.spanContext().traceId}`).toBe(outerTraceId);
    expect(query.parentSpanContext?.spanId).toBe(outerSpanId);
  });
});
