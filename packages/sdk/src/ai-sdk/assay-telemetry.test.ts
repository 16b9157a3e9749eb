import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAI } from '@ai-sdk/openai';
import type { Span, Trace } from '@assay/core';
import { APICallError, embed, embedMany, generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { createAssay, flush, getLastTraceId, getStore, getTrace, setModelPrices, withSpan } from '../index.js';
import { assayTelemetry } from '../ai.js';
import { createMockLlmServer, MOCK_FAIL_HEADER, type MockLlmServer } from '../testing/index.js';

useTempTrackingUri();

// A cent per input token, two per output token: a span's cost tells the usage and model its row was given.
const PRICE = { inputPerMillionTokens: 10_000, outputPerMillionTokens: 20_000 };

let server: MockLlmServer;
beforeAll(async () => {
  server = await createMockLlmServer({
    answers: [
      { when: { tool: 'get_weather', hasToolResult: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } },
      { when: { hasToolResult: true }, reply: 'It is 21 degrees in Paris.' },
    ],
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await setModelPrices([{ model: 'mock-gpt', ...PRICE }, { model: 'mock-embed', ...PRICE }]);
});

const openai = () => createOpenAI({ baseURL: server.baseURL, apiKey: 'mock' });

interface StoredSpan {
  span: Span;
  /** The row's `inputs` and `outputs` columns (what previews and search read), parsed. */
  inputs: unknown;
  outputs: unknown;
}

/** The last trace, its spans by name (in start order for repeated names) with their stored inputs and outputs. */
async function lastTrace(): Promise<{ trace: Trace; spans: Record<string, StoredSpan[]> }> {
  await flush();
  const trace = await getTrace(getLastTraceId()!);
  const { rows } = await (await getStore()).sql({ query: `SELECT span_id, inputs, outputs FROM spans WHERE trace_id = '${trace.info.traceId}'` });
  const payloads = new Map(rows.map(([spanId, inputs, outputs]) => [spanId as string, [inputs, outputs] as const]));
  const parse = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : text);
  const spans: Record<string, StoredSpan[]> = {};
  for (const span of [...trace.spans].sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1))) {
    const [inputs, outputs] = payloads.get(span.spanId)!;
    (spans[span.name] ??= []).push({ span, inputs: parse(inputs), outputs: parse(outputs) });
  }
  return { trace, spans };
}

/** Expects the cost PRICE gives a usage. */
function expectCost(span: Span, input: number | undefined, output: number | undefined): void {
  expect(input).toBeGreaterThan(0);
  expect(output).toBeGreaterThanOrEqual(0);
  expect(span.cost?.inputCost).toBeCloseTo(input! * 0.01, 10);
  expect(span.cost?.outputCost).toBeCloseTo(output! * 0.02, 10);
  expect(span.cost?.totalCost).toBeCloseTo(input! * 0.01 + output! * 0.02, 10);
}

describe('assayTelemetry(): the AI SDK against the mock LLM server, read back from the local store', () => {
  it('records generateText as a CHAIN span over an LLM span, with messages, answer, model, usage and finish reason', async () => {
    const result = await generateText({
      model: openai().chat('mock-gpt'),
      system: 'Be brief.',
      prompt: 'hello there',
      experimental_telemetry: assayTelemetry({ functionId: 'greet', metadata: { tenant: 'acme' } }),
    });
    expect(result.text).toBe('Echo: hello there');
    const { trace, spans } = await lastTrace();
    expect(Object.keys(spans).sort()).toEqual(['ai.generateText', 'ai.generateText.doGenerate']);
    const [outer] = spans['ai.generateText']!;
    const [call] = spans['ai.generateText.doGenerate']!;
    expect(outer!.span.parentSpanId).toBeUndefined();
    expect(call!.span.parentSpanId).toBe(outer!.span.spanId);
    expect([outer!.span.spanType, call!.span.spanType]).toEqual(['CHAIN', 'LLM']);
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello there' },
    ];
    expect(outer!.inputs).toEqual({ model: 'mock-gpt', messages });
    expect(call!.inputs).toEqual({ model: 'mock-gpt', messages });
    const { inputTokens, outputTokens, totalTokens } = result.usage;
    const answer = { index: 0, message: { role: 'assistant', content: 'Echo: hello there' }, finish_reason: 'stop' };
    const usage = { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: totalTokens };
    expect(outer!.outputs).toEqual({ object: 'chat.completion', model: 'mock-gpt', choices: [answer], usage });
    expect(call!.outputs).toEqual({ id: result.response.id, object: 'chat.completion', model: 'mock-gpt', choices: [answer], usage });
    expect(outer!.span.attributes).toMatchObject({ 'ai.telemetry.functionId': 'greet', 'ai.telemetry.metadata.tenant': 'acme', 'gen_ai.response.finish_reasons': ['stop'] });
    expect(call!.span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    // Usage counted once (the outer span's covers its model call); each span priced with its model.
    expect(trace.info.tokenUsage).toEqual({ inputTokens, outputTokens, totalTokens });
    expectCost(outer!.span, inputTokens, outputTokens);
    expectCost(call!.span, inputTokens, outputTokens);
    expect(trace.info.requestPreview).toBe(JSON.stringify({ model: 'mock-gpt', messages }));
    expect(trace.info.responsePreview).toContain('"content":"Echo: hello there"');
  });

  it('records streamText with the streamed text, usage, finish reason and time to first chunk', async () => {
    const result = streamText({ model: openai().chat('mock-gpt'), prompt: 'stream me', experimental_telemetry: assayTelemetry({ functionId: 'stream' }) });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const usage = await result.usage;
    expect(text).toBe('Echo: stream me');
    const { trace, spans } = await lastTrace();
    const [outer] = spans['ai.streamText']!;
    const [call] = spans['ai.streamText.doStream']!;
    expect([outer!.span.spanType, call!.span.spanType]).toEqual(['CHAIN', 'LLM']);
    expect(call!.span.parentSpanId).toBe(outer!.span.spanId);
    expect(outer!.inputs).toEqual({ model: 'mock-gpt', messages: [{ role: 'user', content: 'stream me' }] });
    expect(outer!.outputs).toMatchObject({ choices: [{ message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });
    expect(call!.outputs).toMatchObject({ model: 'mock-gpt', choices: [{ message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });
    expect(trace.info.tokenUsage).toEqual({ inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens });
    expectCost(call!.span, usage.inputTokens, usage.outputTokens);
    const firstChunkMs = call!.span.attributes['ai.response.msToFirstChunk'];
    expect(typeof firstChunkMs).toBe('number');
    expect(call!.span.attributes['gen_ai.response.time_to_first_chunk']).toBe((firstChunkMs as number) / 1000);
  });

  it('records a tool loop: the model calls, the TOOL span with its arguments and result, and the usage of every step', async () => {
    const result = await generateText({
      model: openai().chat('mock-gpt'),
      prompt: 'What is the weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'The weather of a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, temperature: 21 }),
        }),
      },
      stopWhen: stepCountIs(3),
      experimental_telemetry: assayTelemetry({ functionId: 'weather' }),
    });
    expect(result.text).toBe('It is 21 degrees in Paris.');
    const { trace, spans } = await lastTrace();
    const [outer] = spans['ai.generateText']!;
    const [first, second] = spans['ai.generateText.doGenerate']!;
    const [toolCall] = spans['ai.toolCall']!;
    expect([first!.span.spanType, second!.span.spanType, toolCall!.span.spanType]).toEqual(['LLM', 'LLM', 'TOOL']);
    expect(toolCall!.span.parentSpanId).toBe(outer!.span.spanId);
    expect(toolCall!.inputs).toEqual({ city: 'Paris' });
    expect(toolCall!.outputs).toEqual({ city: 'Paris', temperature: 21 });
    const callId = result.steps[0]!.toolCalls[0]!.toolCallId;
    const openAiCall = { id: callId, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    expect(first!.inputs).toMatchObject({ tools: [{ type: 'function', function: { name: 'get_weather', description: 'The weather of a city' } }] });
    expect(first!.outputs).toMatchObject({ choices: [{ message: { role: 'assistant', content: null, tool_calls: [openAiCall] }, finish_reason: 'tool_calls' }] });
    expect((second!.inputs as { messages: unknown }).messages).toEqual([
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [openAiCall] },
      { role: 'tool', tool_call_id: callId, content: '{"city":"Paris","temperature":21}' },
    ]);
    expect(outer!.outputs).toMatchObject({ choices: [{ message: { content: 'It is 21 degrees in Paris.' }, finish_reason: 'stop' }] });
    const { inputTokens, outputTokens, totalTokens } = result.totalUsage;
    expect(trace.info.tokenUsage).toEqual({ inputTokens, outputTokens, totalTokens });
    expectCost(first!.span, result.steps[0]!.usage.inputTokens, result.steps[0]!.usage.outputTokens);
  });

  it('records a streamed tool loop: the TOOL span and both model calls under the streamText span', async () => {
    const result = streamText({
      model: openai().chat('mock-gpt'),
      prompt: 'What is the weather in Paris?',
      tools: { get_weather: tool({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => ({ city, temperature: 21 }) }) },
      stopWhen: stepCountIs(3),
      experimental_telemetry: assayTelemetry(),
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    const usage = await result.totalUsage;
    const { trace, spans } = await lastTrace();
    const [outer] = spans['ai.streamText']!;
    const calls = spans['ai.streamText.doStream']!;
    const [toolCall] = spans['ai.toolCall']!;
    expect(calls).toHaveLength(2);
    for (const span of [...calls, toolCall!]) expect(span.span.parentSpanId).toBe(outer!.span.spanId);
    expect(toolCall!.inputs).toEqual({ city: 'Paris' });
    expect(toolCall!.outputs).toEqual({ city: 'Paris', temperature: 21 });
    expect(calls[0]!.outputs).toMatchObject({ choices: [{ message: { tool_calls: [{ function: { name: 'get_weather' } }] }, finish_reason: 'tool_calls' }] });
    expect(outer!.outputs).toMatchObject({ choices: [{ message: { content: text }, finish_reason: 'stop' }] });
    expect(trace.info.tokenUsage).toEqual({ inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.totalTokens });
  });

  it('records generateObject with the object it returned as the outputs', async () => {
    const result = await generateObject({
      model: openai().chat('mock-gpt'),
      schema: z.object({ name: z.string(), age: z.number() }),
      prompt: 'Describe a person',
      experimental_telemetry: assayTelemetry({ functionId: 'person' }),
    });
    const { trace, spans } = await lastTrace();
    const [outer] = spans['ai.generateObject']!;
    const [call] = spans['ai.generateObject.doGenerate']!;
    expect([outer!.span.spanType, call!.span.spanType]).toEqual(['CHAIN', 'LLM']);
    expect(outer!.inputs).toEqual({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Describe a person' }] });
    expect(outer!.outputs).toEqual(result.object);
    expect(call!.outputs).toMatchObject({ choices: [{ message: { role: 'assistant', content: JSON.stringify(result.object) }, finish_reason: 'stop' }] });
    expect(trace.info.tokenUsage).toEqual({ inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, totalTokens: result.usage.totalTokens });
    expectCost(outer!.span, result.usage.inputTokens, result.usage.outputTokens);
  });

  it('records embed and embedMany as EMBEDDING spans with their inputs, dimensions and tokens', async () => {
    const single = await embed({ model: openai().embedding('mock-embed'), value: 'hello', experimental_telemetry: assayTelemetry() });
    const first = await lastTrace();
    const [outer] = first.spans['ai.embed']!;
    const [call] = first.spans['ai.embed.doEmbed']!;
    expect([outer!.span.spanType, call!.span.spanType]).toEqual(['EMBEDDING', 'EMBEDDING']);
    expect(outer!.inputs).toEqual({ model: 'mock-embed', input: 'hello' });
    expect(outer!.outputs).toEqual({ data: [{ index: 0, dimensions: single.embedding.length }] });
    expect(call!.inputs).toEqual({ model: 'mock-embed', input: ['hello'] });
    expect(first.trace.info.tokenUsage).toEqual({ inputTokens: single.usage.tokens, outputTokens: 0, totalTokens: single.usage.tokens });

    const many = await embedMany({ model: openai().embedding('mock-embed'), values: ['a b', 'c'], experimental_telemetry: assayTelemetry() });
    const second = await lastTrace();
    const [manyOuter] = second.spans['ai.embedMany']!;
    expect(manyOuter!.span.spanType).toBe('EMBEDDING');
    expect(manyOuter!.inputs).toEqual({ model: 'mock-embed', input: ['a b', 'c'] });
    expect(manyOuter!.outputs).toEqual({ data: many.embeddings.map((vector, index) => ({ index, dimensions: vector.length })) });
    expect(second.trace.info.tokenUsage?.inputTokens).toBe(many.usage.tokens);
  });

  it("nests under the app's own Assay span, and records no prompt or answer when told not to", async () => {
    await withSpan({ name: 'handle-request', spanType: 'AGENT' }, async () => {
      await generateText({ model: openai().chat('mock-gpt'), prompt: 'secret question', experimental_telemetry: assayTelemetry({ recordInputs: false, recordOutputs: false }) });
    });
    const { trace, spans } = await lastTrace();
    const [root] = spans['handle-request']!;
    const [outer] = spans['ai.generateText']!;
    const [call] = spans['ai.generateText.doGenerate']!;
    expect(outer!.span.parentSpanId).toBe(root!.span.spanId);
    expect(call!.span.parentSpanId).toBe(outer!.span.spanId);
    expect([outer!.inputs, outer!.outputs, call!.inputs, call!.outputs]).toEqual([null, null, null, null]);
    expect(JSON.stringify(trace.spans)).not.toContain('secret question');
    expect(trace.info.tokenUsage?.totalTokens).toBeGreaterThan(0);
  });

  it("records a failed model call as an error and passes the AI SDK's error through unchanged", async () => {
    const failure = await generateText({
      model: openai().chat('mock-gpt'),
      prompt: 'fail please',
      maxRetries: 0,
      headers: { [MOCK_FAIL_HEADER]: '500' },
      experimental_telemetry: assayTelemetry(),
    }).catch((error: unknown) => error);
    expect(APICallError.isInstance(failure)).toBe(true);
    const { trace, spans } = await lastTrace();
    expect(trace.info.state).toBe('ERROR');
    const [outer] = spans['ai.generateText']!;
    const [call] = spans['ai.generateText.doGenerate']!;
    for (const span of [outer!, call!]) {
      expect(span.span.status).toEqual({ code: 'ERROR', message: (failure as Error).message });
      expect(span.span.events.map((event) => event.name)).toEqual(['exception']);
    }
    expect(call!.inputs).toEqual({ model: 'mock-gpt', messages: [{ role: 'user', content: 'fail please' }] });
    expect(call!.outputs).toBeNull();
  });

  it("records into an instance's own store with createAssay().aiSdkTelemetry()", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'assay-ai-sdk-'));
    const instance = createAssay({ trackingUri: directory });
    try {
      await generateText({ model: openai().chat('mock-gpt'), prompt: 'to the instance', experimental_telemetry: instance.aiSdkTelemetry({ functionId: 'own' }) });
      await instance.flush();
      const { traces } = await instance.searchTraces();
      expect(traces.map((trace) => trace.name)).toEqual(['ai.generateText']);
      expect(traces[0]!.requestPreview).toContain('to the instance');
      await flush();
      expect(getLastTraceId()).toBeUndefined();
    } finally {
      await instance.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a message saying what to pass', () => {
    expect(() => assayTelemetry({ functionId: '' })).toThrow(/functionId must be a non-empty string/);
    expect(() => assayTelemetry({ functionID: 'x' } as never)).toThrow(/does not know the option 'functionID'.*functionId/);
    expect(() => assayTelemetry({ metadata: { nested: { a: 1 } } } as never)).toThrow(/metadata.nested must be a string/);
    expect(() => assayTelemetry({ recordInputs: 'no' } as never)).toThrow(/recordInputs must be true or false/);
    expect(() => assayTelemetry('greet' as never)).toThrow(/takes an options object/);
    expect(assayTelemetry({ functionId: 'ok', metadata: { tags: ['a', 'b'], n: 1 } })).toMatchObject({ isEnabled: true, functionId: 'ok', metadata: { tags: ['a', 'b'], n: 1 } });
  });
});
