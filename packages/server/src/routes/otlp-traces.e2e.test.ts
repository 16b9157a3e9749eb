import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { SpanKind, SpanStatusCode, context, trace as otelTrace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import type { Trace } from '@assay/core';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import { LocalStore } from '@assay/store';
import { createAssayServer } from '../create-assay-server.js';
import { startAssayServer, type RunningAssayServer } from '../node/start-assay-server.js';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];
type HttpExporterConfig = NonNullable<ConstructorParameters<typeof OtlpHttpJsonExporter>[0]>;

/** An exporter that remembers what each export came back with (the SDK only logs failures). */
class RecordingExporter implements SpanExporter {
  readonly results: ExportResult[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: Parameters<SpanExporter['export']>[0], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      this.results.push(result);
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** A tracer provider exporting through `exporter` with a batch processor, as apps set one up. */
function providerFor(exporter: RecordingExporter, serviceName: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'deployment.environment.name': 'test' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
}

const INPUT_MESSAGES = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }]);
const OUTPUT_MESSAGES = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'It ships today.' }], finish_reason: 'stop' }]);

/** An agent run as an app instrumented with the GenAI conventions records it: an agent span, a chat call, a tool call that fails. */
function recordAgentRun(provider: BasicTracerProvider): string {
  const tracer = provider.getTracer('e2e-app', '1.0.0');
  const agent = tracer.startSpan('invoke_agent support', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support' } });
  const inAgent = otelTrace.setSpan(context.active(), agent);
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.usage.input_tokens': 21,
        'gen_ai.usage.output_tokens': 4,
        'gen_ai.input.messages': INPUT_MESSAGES,
        'gen_ai.output.messages': OUTPUT_MESSAGES,
      },
    },
    inAgent,
  );
  chat.end();
  const tool = tracer.startSpan('execute_tool track_order', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'track_order' } }, inAgent);
  tool.recordException(new TypeError('carrier API unreachable'));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'carrier API unreachable' });
  tool.end();
  agent.end();
  return `tr-${agent.spanContext().traceId}`;
}

describe('OTLP ingest from the official OpenTelemetry exporters, over HTTP', () => {
  let root: string;
  let store: LocalStore;
  let server: RunningAssayServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-otlp-'));
    store = await LocalStore.open({ root });
    server = await startAssayServer({ app: createAssayServer({ store, log: () => undefined }), port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  /** The stored trace, found through the experiment the exporter named. */
  async function storedTrace(experimentName: string, traceId: string): Promise<Trace> {
    const experiment = await store.getExperimentByName({ name: experimentName });
    expect(experiment).toBeDefined();
    const { traces } = await store.searchTraces({ experimentIds: [experiment!.experimentId] });
    expect(traces.map((info) => info.traceId)).toEqual([traceId]);
    return store.getTrace({ traceId });
  }

  const exporters: [string, (headers: Record<string, string>) => SpanExporter][] = [
    ['exporter-trace-otlp-http (JSON)', (headers) => new OtlpHttpJsonExporter({ url: `${server.url}/v1/traces`, headers })],
    ['exporter-trace-otlp-http (JSON, gzip)', (headers) => new OtlpHttpJsonExporter({ url: `${server.url}/v1/traces`, headers, compression: 'gzip' as HttpExporterConfig['compression'] })],
    ['exporter-trace-otlp-proto (protobuf)', (headers) => new OtlpProtoExporter({ url: `${server.url}/v1/traces`, headers })],
    ['exporter-trace-otlp-proto (protobuf, gzip)', (headers) => new OtlpProtoExporter({ url: `${server.url}/v1/traces`, headers, compression: 'gzip' as HttpExporterConfig['compression'] })],
  ];

  it.each(exporters)('%s: GenAI spans arrive with type, payloads, model, usage, error and service', async (label, makeExporter) => {
    const experimentName = `otlp-e2e ${label}`;
    const exporter = new RecordingExporter(makeExporter({ 'x-assay-experiment': experimentName }));
    const provider = providerFor(exporter, `shop-${label}`);
    const traceId = recordAgentRun(provider);
    await provider.forceFlush();
    await provider.shutdown();
    // One export of the three spans (the batch processor's), acknowledged.
    expect(exporter.results).toEqual([{ code: 0 }]);

    const trace = await storedTrace(experimentName, traceId);
    expect(trace.info).toMatchObject({ name: 'invoke_agent support', state: 'OK', tokenUsage: { inputTokens: 21, outputTokens: 4, totalTokens: 25 } });
    expect(trace.info.metadata['service.name']).toBe(`shop-${label}`);
    expect(trace.info.metadata['deployment.environment.name']).toBe('test');
    // Siblings started in the same instant come in either order.
    expect(Object.fromEntries(trace.spans.map((span) => [span.name, span.spanType]))).toEqual({
      'invoke_agent support': 'AGENT',
      'chat gpt-4o-mini': 'CHAT_MODEL',
      'execute_tool track_order': 'TOOL',
    });
    const [agent, chat, tool] = ['invoke_agent support', 'chat gpt-4o-mini', 'execute_tool track_order'].map((name) => trace.spans.find((span) => span.name === name));
    expect(tool!.parentSpanId).toBe(agent!.spanId);
    expect(chat!.parentSpanId).toBe(agent!.spanId);
    // gpt-4o-mini has a built-in price: the cost shows the model was read (the dated name is priced as gpt-4o-mini).
    expect(chat!.cost?.totalCost).toBeGreaterThan(0);
    expect(chat!.attributes).toMatchObject({ 'gen_ai.request.temperature': 0.2, 'gen_ai.output.messages': JSON.parse(OUTPUT_MESSAGES) });
    expect(tool!.status).toEqual({ code: 'ERROR', message: 'carrier API unreachable' });
    expect(tool!.events).toEqual([
      { name: 'exception', timeUnixNano: expect.stringMatching(/^\d{19}$/), attributes: { 'exception.type': 'TypeError', 'exception.message': 'carrier API unreachable', 'exception.stacktrace': expect.stringContaining('TypeError: carrier API unreachable') } },
    ]);
    const { rows } = await store.sql({ query: `SELECT inputs, outputs FROM spans WHERE span_id = '${chat!.spanId}'` });
    expect(rows).toEqual([[INPUT_MESSAGES, OUTPUT_MESSAGES]]);
  });
});

describe("OpenInference's OpenAI instrumentation, the real openai package and the mock LLM, exporting over OTLP", () => {
  let root: string;
  let store: LocalStore;
  let server: RunningAssayServer;
  let llm: MockLlmServer;
  const instrumentation = new OpenAIInstrumentation();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-otlp-openinference-'));
    store = await LocalStore.open({ root });
    server = await startAssayServer({ app: createAssayServer({ store, log: () => undefined }), port: 0 });
    llm = await createMockLlmServer();
  });

  afterAll(async () => {
    instrumentation.disable();
    await llm?.close();
    await server?.close();
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stores the chat completion span as an LLM span with its model, tokens, input and output', async () => {
    const exporter = new RecordingExporter(new OtlpProtoExporter({ url: `${server.url}/v1/traces`, headers: { 'x-assay-experiment': 'openinference' } }));
    const provider = providerFor(exporter, 'openinference-app');
    instrumentation.setTracerProvider(provider);
    instrumentation.manuallyInstrument(OpenAI);
    instrumentation.enable();

    const client = new OpenAI({ apiKey: 'test-key', baseURL: llm.baseURL });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Where is my order?' },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe('Echo: Where is my order?');
    await provider.forceFlush();
    await provider.shutdown();
    expect(exporter.results).toEqual([{ code: 0 }]);

    const experiment = await store.getExperimentByName({ name: 'openinference' });
    const { traces } = await store.searchTraces({ experimentIds: [experiment!.experimentId] });
    expect(traces).toHaveLength(1);
    const trace = await store.getTrace({ traceId: traces[0]!.traceId });
    expect(trace.spans).toHaveLength(1);
    const [span] = trace.spans;
    expect(span!.spanType).toBe('LLM');
    expect(span!.attributes).toMatchObject({ 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini' });
    expect(trace.info.tokenUsage).toEqual({
      inputTokens: completion.usage!.prompt_tokens,
      outputTokens: completion.usage!.completion_tokens,
      totalTokens: completion.usage!.total_tokens,
    });
    expect(span!.cost?.totalCost).toBeGreaterThan(0);
    expect(trace.info.metadata['service.name']).toBe('openinference-app');
    // input.value is the request, output.value the answer, as the instrumentation wrote them.
    expect(JSON.parse(trace.info.requestPreview!)).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'system' }, { role: 'user', content: 'Where is my order?' }] });
    expect(JSON.parse(trace.info.responsePreview!)).toMatchObject({ choices: [{ message: { content: 'Echo: Where is my order?' } }] });
  });
});
