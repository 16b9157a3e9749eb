// OTLP from an app traced by the Vercel AI SDK's own telemetry (its spans
// exported by any OpenTelemetry exporter): the store types them and gives them
// inputs, outputs, usage and model as it does for Assay's own AI SDK spans.
import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '@assay/core';
import { useTestServer, type TestServer } from '../__fixtures__/create-test-server.js';
import { encodeTraceRequest, toTraceRequestJson, type ProtoSpanInput } from '../__fixtures__/otlp-messages.js';

const START = 1_767_225_600_000_000_000n; // 2026-01-01
const at = (ms: number) => (START + BigInt(ms) * 1_000_000n).toString();
const spanIdOf = (n: number) => (0xb0000 + n).toString(16).padStart(16, '0');
const RESOURCE = { 'service.name': 'ai-sdk-app' };

// Attribute values as `ai` 6 sets them on a streamText call that used a tool (JSON as text).
const PROMPT_MESSAGES = JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }]);
const TOOL_CALLS = JSON.stringify([{ toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Paris"}' }]);

function aiSdkTrace(traceId: string): ProtoSpanInput[] {
  const base = { 'ai.telemetry.functionId': 'weather', 'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini' };
  return [
    {
      traceId,
      spanId: spanIdOf(1),
      name: 'ai.streamText',
      start: at(0),
      end: at(300),
      attributes: {
        ...base,
        'operation.name': 'ai.streamText weather',
        'ai.operationId': 'ai.streamText',
        'ai.prompt': '{"system":"Be brief.","prompt":"Weather in Paris?"}',
        'ai.response.finishReason': 'stop',
        'ai.response.text': 'Sunny, 21 degrees.',
        'ai.usage.inputTokens': 30,
        'ai.usage.outputTokens': 12,
        'ai.usage.totalTokens': 42,
      },
    },
    {
      traceId,
      spanId: spanIdOf(2),
      parentSpanId: spanIdOf(1),
      name: 'ai.streamText.doStream',
      kind: 3,
      start: at(5),
      end: at(100),
      attributes: {
        ...base,
        'ai.operationId': 'ai.streamText.doStream',
        'ai.prompt.messages': PROMPT_MESSAGES,
        'ai.response.msToFirstChunk': 42.5,
        'ai.response.finishReason': 'tool-calls',
        'ai.response.toolCalls': TOOL_CALLS,
        'ai.response.model': 'gpt-4o-mini-2024-07-18',
        'ai.usage.inputTokens': 10,
        'ai.usage.outputTokens': 4,
        'gen_ai.response.finish_reasons': ['tool-calls'],
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 4,
      },
      events: [{ name: 'ai.stream.firstChunk', time: at(48), attributes: { 'ai.response.msToFirstChunk': 42.5 } }],
    },
    {
      traceId,
      spanId: spanIdOf(3),
      parentSpanId: spanIdOf(1),
      name: 'ai.toolCall',
      start: at(110),
      end: at(120),
      attributes: {
        'ai.operationId': 'ai.toolCall',
        'ai.toolCall.name': 'get_weather',
        'ai.toolCall.id': 'call_1',
        'ai.toolCall.args': '{"city":"Paris"}',
        'ai.toolCall.result': '{"temperature":21}',
      },
    },
  ];
}

async function storedPayloads(server: TestServer, traceId: string): Promise<Record<string, [unknown, unknown]>> {
  const { rows } = await server.store.sql({ query: `SELECT name, inputs, outputs FROM spans WHERE trace_id = 'tr-${traceId}' ORDER BY name` });
  return Object.fromEntries(rows.map(([name, inputs, outputs]) => [name as string, [JSON.parse(inputs as string), JSON.parse(outputs as string)]]));
}

const byName = (trace: Trace, name: string): Span => trace.spans.find((span) => span.name === name)!;

describe("POST /v1/traces: the Vercel AI SDK's spans", () => {
  const server = useTestServer();

  it('stores them typed, with inputs and outputs in OpenAI chat form, usage counted once, the model priced, and GenAI attributes added', async () => {
    await server.store.setModelPrices({ prices: [{ model: 'gpt-4o-mini', inputPerMillionTokens: 1000, outputPerMillionTokens: 2000 }] });
    const traceId = '5af7651916cd43dd8448eb211c80319c';
    const response = await server.app.request('/v1/traces', { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: encodeTraceRequest(RESOURCE, aiSdkTrace(traceId)) });
    expect(response.status).toBe(200);

    const trace = await server.store.getTrace({ traceId: `tr-${traceId}` });
    expect(trace.spans.map((span) => [span.name, span.spanType])).toEqual([
      ['ai.streamText', 'CHAIN'],
      ['ai.streamText.doStream', 'LLM'],
      ['ai.toolCall', 'TOOL'],
    ]);
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
    ];
    expect(trace.info).toMatchObject({
      name: 'ai.streamText',
      requestPreview: JSON.stringify({ model: 'gpt-4o-mini', messages }),
      // The outer span's usage covers its model call's.
      tokenUsage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 },
    });
    expect(await storedPayloads(server, traceId)).toEqual({
      'ai.streamText': [
        { model: 'gpt-4o-mini', messages },
        {
          object: 'chat.completion',
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Sunny, 21 degrees.' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
        },
      ],
      'ai.streamText.doStream': [
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }] },
        {
          object: 'chat.completion',
          model: 'gpt-4o-mini-2024-07-18',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
              finish_reason: 'tool_calls',
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
        },
      ],
      'ai.toolCall': [{ city: 'Paris' }, { temperature: 21 }],
    });
    // Priced by the model that answered (a dated name of a priced model): 10 input tokens at $1000/M, 4 output at $2000/M.
    const expectCost = (span: Span, [input, output]: [number, number]) => {
      expect(span.cost?.inputCost).toBeCloseTo(input, 12);
      expect(span.cost?.outputCost).toBeCloseTo(output, 12);
      expect(span.cost?.totalCost).toBeCloseTo(input + output, 12);
    };
    expectCost(byName(trace, 'ai.streamText.doStream'), [0.01, 0.008]);
    expectCost(byName(trace, 'ai.streamText'), [0.03, 0.024]);
    expect(byName(trace, 'ai.streamText').attributes).toMatchObject({ 'ai.prompt': { system: 'Be brief.', prompt: 'Weather in Paris?' }, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(byName(trace, 'ai.streamText.doStream').attributes).toMatchObject({ 'gen_ai.response.time_to_first_chunk': 0.0425, 'ai.response.msToFirstChunk': 42.5 });
    expect(byName(trace, 'ai.toolCall').cost).toBeUndefined();
  });

  it('stores the same from OTLP JSON as from protobuf', async () => {
    const fromProtobuf = '5af7651916cd43dd8448eb211c80319d';
    const fromJson = '5af7651916cd43dd8448eb211c80319e';
    const post = (body: string | Uint8Array, contentType: string) => server.app.request('/v1/traces', { method: 'POST', headers: { 'content-type': contentType }, body });
    expect((await post(encodeTraceRequest(RESOURCE, aiSdkTrace(fromProtobuf)), 'application/x-protobuf')).status).toBe(200);
    expect((await post(JSON.stringify(toTraceRequestJson(RESOURCE, aiSdkTrace(fromJson))), 'application/json')).status).toBe(200);
    const [a, b] = await Promise.all([fromProtobuf, fromJson].map((traceId) => server.store.getTrace({ traceId: `tr-${traceId}` })));
    const comparable = (trace: Trace) => trace.spans.map(({ traceId: _traceId, ...span }) => span);
    expect(comparable(b!)).toEqual(comparable(a!));
    expect(b!.info.tokenUsage).toEqual(a!.info.tokenUsage);
    expect(await storedPayloads(server, fromJson)).toEqual(await storedPayloads(server, fromProtobuf));
  });
});
