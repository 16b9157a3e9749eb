// `@assay/sdk/edge` as an Edge route runs it: bundled for web runtimes (no `node:` module may be reached: the
// bundle would not build), run in a V8 context with nothing but web-standard globals (no `process`, `Buffer` or
// `require`), tracing the real openai client and the AI SDK against the mock LLM, and sending the spans to a
// real Assay server on 127.0.0.1 over OTLP/HTTP. The traces are read back through the server.
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Trace } from '@assay/core';
import { createAssay } from '@assay/sdk';
import type { EdgeAssay, EdgeAssayOptions } from '@assay/sdk/edge';
import { createMockLlmServer, type MockLlmServer } from '@assay/sdk/test';
import { startTestHttpServer, type TestHttpServer } from '../http/http-server.js';

/** What the bundle exports (see __fixtures__/edge-app.ts). */
interface EdgeApp {
  OpenAI: new (options: { baseURL: string; apiKey: string }) => {
    chat: { completions: { create(body: Record<string, unknown>): Promise<{ choices: { message: { content: string } }[] }> & Promise<AsyncIterable<{ choices: { delta: { content?: string } }[] }>> } };
  };
  createEdgeAssay(options?: EdgeAssayOptions): EdgeAssay;
  generateText(options: Record<string, unknown>): Promise<{ text: string }>;
  createOpenAI(options: { baseURL: string; apiKey: string }): { chat(model: string): unknown };
}

let bundle: string;
let llm: MockLlmServer;
let server: TestHttpServer;

beforeAll(async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./__fixtures__/edge-app.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'edgeApp',
    // As Next.js bundles an Edge route: web conditions, and a platform with no Node built-ins.
    platform: 'neutral',
    conditions: ['edge-light', 'worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
  [llm, server] = await Promise.all([createMockLlmServer(), startTestHttpServer()]);
}, 120_000);

afterAll(async () => {
  await llm?.close();
  await server?.dispose();
});

/** Web-standard globals only, as an Edge runtime has them; `AsyncLocalStorage` where Next.js's Edge runtime puts it. */
function loadEdgeApp(options: { asyncLocalStorage: boolean; env?: Record<string, string> }): EdgeApp {
  const globals: Record<string, unknown> = {
    fetch, Request, Response, Headers, URL, URLSearchParams, TextEncoder, TextDecoder, ReadableStream, WritableStream, TransformStream,
    TextDecoderStream, AbortController, AbortSignal, Event, EventTarget, Blob, FormData, File, crypto, performance, structuredClone,
    atob, btoa, console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, DOMException,
  };
  if (options.asyncLocalStorage) globals['AsyncLocalStorage'] = AsyncLocalStorage;
  if (options.env) globals['process'] = { env: options.env };
  const context = createContext(globals);
  runInContext(`${bundle}\nglobalThis.edgeApp = edgeApp;`, context);
  return context['edgeApp'] as EdgeApp;
}

/** The traces of an experiment, with their spans, read through the server. */
async function tracesOf(experimentName: string): Promise<Trace[]> {
  const reader = createAssay({ trackingUri: server.url });
  try {
    const experiment = await reader.getExperimentByName(experimentName);
    if (experiment === undefined) return [];
    const { traces } = await reader.searchTraces({ experimentIds: [experiment.experimentId], maxResults: 100, orderBy: ['timestamp_ms ASC'] });
    return await Promise.all(traces.map((info) => reader.getTrace(info.traceId)));
  } finally {
    await reader.dispose();
  }
}

describe('@assay/sdk/edge in a web-standard runtime', () => {
  it('bundles for Edge runtimes with no Node built-in, no DuckDB and no local store on its path', () => {
    expect(bundle).not.toMatch(/\brequire\(["']node:/u);
    expect(bundle).not.toContain('@duckdb/');
    expect(bundle).not.toContain('@assay/store');
  });

  it('traces plain and streamed OpenAI calls and the AI SDK, nested under a span, and sends them to the server on flush()', async () => {
    const app = loadEdgeApp({ asyncLocalStorage: true });
    const assay = app.createEdgeAssay({ trackingUri: server.url, experimentName: 'edge-app', serviceName: 'edge-test' });
    const openai = assay.wrapOpenAI(new app.OpenAI({ baseURL: llm.baseURL, apiKey: 'mock' }));

    const plain = await openai.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'plain question' }] });
    expect(plain.choices[0]!.message.content).toBe('Echo: plain question');
    const stream = await openai.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'streamed question' }], stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('Echo: streamed question');
    // A span of the app's own with an awaited call inside: AsyncLocalStorage carries the parent across the await.
    const answer = await assay.withSpan({ name: 'handle request', spanType: 'CHAIN', inputs: { question: 'nested question' } }, async () => {
      const completion = await openai.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'nested question' }] });
      return completion.choices[0]!.message.content;
    });
    expect(answer).toBe('Echo: nested question');
    const { text } = await app.generateText({
      model: app.createOpenAI({ baseURL: llm.baseURL, apiKey: 'mock' }).chat('mock-gpt'),
      prompt: 'ai sdk question',
      experimental_telemetry: assay.aiSdkTelemetry({ functionId: 'answer' }),
    });
    expect(text).toBe('Echo: ai sdk question');

    await assay.flush();
    expect(assay.getExportStats()).toMatchObject({ exported: 6, failed: 0, dropped: 0, queued: 0 });

    const traces = await tracesOf('edge-app');
    expect(traces).toHaveLength(4);
    const [first, second, third, fourth] = traces as [Trace, Trace, Trace, Trace];
    for (const [trace, question] of [[first, 'plain question'], [second, 'streamed question']] as const) {
      expect(trace.spans.map((span) => [span.name, span.spanType])).toEqual([['chat mock-gpt', 'CHAT_MODEL']]);
      expect(trace.spans[0]!.attributes['gen_ai.request.model']).toBe('mock-gpt');
      // The mock counts words: two prompt tokens, three completion tokens.
      expect(trace.info.tokenUsage).toEqual({ inputTokens: 2, outputTokens: 3, totalTokens: 5 });
      expect(trace.info.requestPreview).toContain(question);
      expect(trace.info.responsePreview).toContain(`Echo: ${question}`);
      expect(trace.info.metadata['service.name']).toBe('edge-test');
    }
    const root = third.spans.find((span) => span.parentSpanId === undefined)!;
    expect(root).toMatchObject({ name: 'handle request', spanType: 'CHAIN' });
    expect(root.attributes['mlflow.spanInputs']).toEqual({ question: 'nested question' });
    expect(root.attributes['mlflow.spanOutputs']).toBe('Echo: nested question');
    expect(third.spans.filter((span) => span.parentSpanId === root.spanId).map((span) => span.name)).toEqual(['chat mock-gpt']);
    expect(fourth.spans.map((span) => [span.name, span.spanType]).sort()).toEqual([
      ['ai.generateText', 'CHAIN'],
      ['ai.generateText.doGenerate', 'LLM'],
    ]);
    expect(fourth.info.tokenUsage?.totalTokens).toBeGreaterThan(0);
    expect(server.errors).toEqual([]);
  });

  it('reads the server and experiment from the environment; without AsyncLocalStorage a span is current for the code it calls directly', async () => {
    const app = loadEdgeApp({ asyncLocalStorage: false, env: { ASSAY_TRACKING_URI: server.url, ASSAY_EXPERIMENT_NAME: 'edge-env' } });
    const assay = app.createEdgeAssay();
    const traced = assay.trace((question: string) => `answer to ${question}`, { name: 'answer', spanType: 'TOOL' });
    const outer = assay.withSpan('outer', () => traced('the synchronous question'));
    expect(outer).toBe('answer to the synchronous question');
    await assay.flush();
    const [trace, ...others] = await tracesOf('edge-env');
    expect(others).toEqual([]);
    const byName = new Map(trace!.spans.map((span) => [span.name, span]));
    expect(byName.get('answer')!.parentSpanId).toBe(byName.get('outer')!.spanId);
    expect(byName.get('answer')!.attributes['mlflow.spanOutputs']).toBe('answer to the synchronous question');
  });

  it('never fails the app: with no server configured, or the server down, calls succeed and flush() says on stderr what went wrong', async () => {
    const printed: string[] = [];
    const warnings = vi.spyOn(console, 'warn').mockImplementation((line: unknown) => void printed.push(String(line)));
    try {
      const unconfigured = loadEdgeApp({ asyncLocalStorage: true, env: {} });
      const lost = unconfigured.createEdgeAssay();
      expect(lost.trace(() => 42, { name: 'lost' })()).toBe(42);
      await lost.flush();
      expect(lost.getExportStats()).toMatchObject({ exported: 0, failed: 1 });

      const down = loadEdgeApp({ asyncLocalStorage: true });
      const unreachable = down.createEdgeAssay({ trackingUri: 'http://127.0.0.1:9', maxAttempts: 1 });
      expect(unreachable.trace(() => 'still answered', { name: 'unsent' })()).toBe('still answered');
      await unreachable.flush();
      expect(unreachable.getExportStats()).toMatchObject({ exported: 0, failed: 1 });
    } finally {
      warnings.mockRestore();
    }
    expect(printed.some((line) => line.includes('[assay]') && line.includes('ASSAY_TRACKING_URI'))).toBe(true);
    expect(printed.some((line) => line.includes('[assay]') && line.includes('could not reach http://127.0.0.1:9/v1/traces'))).toBe(true);
  });

  it('refuses a tracking URI an Edge runtime cannot use, saying what to use instead', () => {
    const app = loadEdgeApp({ asyncLocalStorage: true });
    expect(() => app.createEdgeAssay({ trackingUri: './mlruns' })).toThrow(/over HTTP.*use the server's http\(s\) URL/u);
    expect(() => app.createEdgeAssay({ trackingUri: 'http://user:secret@127.0.0.1:5000' })).toThrow(/ASSAY_TRACKING_TOKEN/u);
    expect(() => app.createEdgeAssay({ trackingUri: server.url, sampleRate: 2 })).toThrow(/sampleRate must be a number from 0 to 1/u);
    expect(() => app.createEdgeAssay({ trackingUri: server.url, experimentName: 'チャット' })).toThrow(/HTTP header cannot carry: name the experiment by id/u);
  });
});
