// The AI SDK in an application that registered OpenTelemetry's Node provider
// (global context manager included): assayTelemetry() records into Assay
// without going through, or taking over, the app's provider; the AI SDK's spans
// join the app's active trace. And the other set-up: Assay's span processor in
// the app's own provider, whose tracer the AI SDK is given.
import { createOpenAI } from '@ai-sdk/openai';
import { ASSAY_ATTRIBUTES } from '@assay/core';
import { context, trace as otelTrace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { assayTelemetry } from '../ai.js';
import { createAssaySpanProcessor, flush, getStore, getTrace } from '../index.js';
import { createMockLlmServer, type MockLlmServer } from '../testing/index.js';

const appSpans = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appSpans)] });
const appTracer = provider.getTracer('app');
let server: MockLlmServer;

beforeAll(async () => {
  provider.register();
  server = await createMockLlmServer();
});
afterAll(async () => {
  await server.close();
  await provider.shutdown();
  otelTrace.disable();
  context.disable();
});

useTempTrackingUri();

const model = () => createOpenAI({ baseURL: server.baseURL, apiKey: 'mock' }).chat('mock-gpt');

describe('the AI SDK in an app that registered OpenTelemetry', () => {
  it("records into Assay inside the app's active trace, and leaves the app's provider its own spans", async () => {
    let appTraceId = '';
    let appSpanId = '';
    await appTracer.startActiveSpan('POST /chat', async (span) => {
      ({ traceId: appTraceId, spanId: appSpanId } = span.spanContext());
      await generateText({ model: model(), prompt: 'hi there', experimental_telemetry: assayTelemetry({ functionId: 'chat' }) });
      span.end();
    });
    await flush();
    const stored = await getTrace(`tr-${appTraceId}`);
    const byName = new Map(stored.spans.map((span) => [span.name, span]));
    expect([...byName.keys()].sort()).toEqual(['ai.generateText', 'ai.generateText.doGenerate']);
    const outer = byName.get('ai.generateText')!;
    expect(outer.parentSpanId).toBe(appSpanId);
    expect(outer.attributes[ASSAY_ATTRIBUTES.traceRoot]).toBe(true);
    expect(byName.get('ai.generateText.doGenerate')!.parentSpanId).toBe(outer.spanId);
    expect([outer.spanType, byName.get('ai.generateText.doGenerate')!.spanType]).toEqual(['CHAIN', 'LLM']);
    expect(stored.info.requestPreview).toBe('{"model":"mock-gpt","messages":[{"role":"user","content":"hi there"}]}');
    expect(appSpans.getFinishedSpans().map((span) => span.name)).toEqual(['POST /chat']);
  });

  it("types the AI SDK's spans that reach Assay through its processor in the app's own provider", async () => {
    const ownProvider = new NodeTracerProvider({ spanProcessors: [createAssaySpanProcessor()] });
    try {
      const result = await generateText({ model: model(), prompt: 'through the provider', experimental_telemetry: { isEnabled: true, tracer: ownProvider.getTracer('ai') } });
      await ownProvider.forceFlush();
      await flush();
      const { rows } = await (await getStore()).sql({ query: `SELECT name, span_type, inputs, outputs FROM spans WHERE inputs LIKE '%through the provider%' ORDER BY name` });
      expect(rows.map(([name, spanType]) => [name, spanType])).toEqual([
        ['ai.generateText', 'CHAIN'],
        ['ai.generateText.doGenerate', 'LLM'],
      ]);
      expect(JSON.parse(rows[1]![3] as string)).toMatchObject({ choices: [{ message: { content: result.text }, finish_reason: 'stop' }] });
    } finally {
      await ownProvider.shutdown();
    }
  });
});
