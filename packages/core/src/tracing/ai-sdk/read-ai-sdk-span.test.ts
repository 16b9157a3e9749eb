import { describe, expect, it } from 'vitest';
import { aiSdkSpanType, readAiSdkSpan } from './read-ai-sdk-span.js';

// Attributes as `ai` 6 sets them (recorded from generateText, streamText, a tool loop, generateObject and embed).
const DO_GENERATE_WITH_TOOL_RESULT = {
  'ai.operationId': 'ai.generateText.doGenerate',
  'ai.model.provider': 'openai.chat',
  'ai.model.id': 'gpt-4o-mini',
  'ai.prompt.messages': JSON.stringify([
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather in ' }, { type: 'text', text: 'Paris?' }] },
    { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', output: { type: 'json', value: { temperature: 21 } } }] },
  ]),
  'ai.prompt.tools': [JSON.stringify({ type: 'function', name: 'get_weather', description: 'Weather of a city', inputSchema: { type: 'object' } })],
  'ai.response.finishReason': 'stop',
  'ai.response.text': 'It is 21 degrees.',
  'ai.response.id': 'chatcmpl-2',
  'ai.response.model': 'gpt-4o-mini-2024-07-18',
  'ai.usage.inputTokens': 40,
  'ai.usage.outputTokens': 6,
  'ai.usage.totalTokens': 46,
  'gen_ai.response.finish_reasons': ['stop'],
};

describe('readAiSdkSpan', () => {
  it('types each operation of the AI SDK and leaves others alone', () => {
    expect(
      ['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject'].map(aiSdkSpanType),
    ).toEqual(['CHAIN', 'CHAIN', 'CHAIN', 'CHAIN']);
    expect(['ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.streamObject.doStream'].map(aiSdkSpanType)).toEqual(['LLM', 'LLM', 'LLM']);
    expect(['ai.toolCall', 'ai.embed', 'ai.embedMany', 'ai.embed.doEmbed', 'ai.rerank.doRerank'].map(aiSdkSpanType)).toEqual([
      'TOOL',
      'EMBEDDING',
      'EMBEDDING',
      'EMBEDDING',
      'RERANKER',
    ]);
    expect(['ai.somethingNew', 'ai.generateText.doSomething', 'generateText', 'ai.generateText.doGenerate.extra', 'ai.constructor', 'ai.'].map(aiSdkSpanType)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(readAiSdkSpan('ai.somethingNew', { 'ai.response.text': 'x' })).toBeUndefined();
  });

  it("reads a model call's messages, tools and answer as OpenAI autolog records a chat completion", () => {
    const fields = readAiSdkSpan('ai.generateText.doGenerate', DO_GENERATE_WITH_TOOL_RESULT)!;
    expect(fields.spanType).toBe('LLM');
    expect(JSON.parse(fields.inputs!)).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object' } } }],
    });
    expect(JSON.parse(fields.outputs!)).toEqual({
      id: 'chatcmpl-2',
      object: 'chat.completion',
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, message: { role: 'assistant', content: 'It is 21 degrees.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 6, total_tokens: 46 },
    });
    expect(fields.usage).toEqual({ inputTokens: 40, outputTokens: 6, totalTokens: 46 });
    expect(fields.model).toBe('gpt-4o-mini-2024-07-18');
    // The span has GenAI's finish reasons already: nothing is derived.
    expect(fields.derivedAttributes).toEqual([]);
  });

  it("reads a function's prompt and its answer's tool calls, and derives finish reasons and time to first chunk", () => {
    const fields = readAiSdkSpan('ai.streamText', {
      'ai.operationId': 'ai.streamText',
      'ai.model.id': 'gpt-4o-mini',
      'ai.prompt': JSON.stringify({ system: 'Be brief.', prompt: 'Weather in Paris?' }),
      'ai.response.finishReason': 'tool-calls',
      'ai.response.toolCalls': JSON.stringify([{ toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Paris"}' }]),
      'ai.response.msToFirstChunk': 250,
      'ai.usage.inputTokens': '12',
      'ai.usage.outputTokens': 3,
    })!;
    expect(fields.spanType).toBe('CHAIN');
    expect(JSON.parse(fields.inputs!)).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Paris?' }] });
    expect(JSON.parse(fields.outputs!)).toEqual({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
    expect(fields.usage).toEqual({ inputTokens: 12, outputTokens: 3, totalTokens: 15 });
    expect(fields.derivedAttributes).toEqual([
      ['gen_ai.response.finish_reasons', ['tool-calls']],
      ['gen_ai.response.time_to_first_chunk', 0.25],
    ]);
  });

  it("reads a function's message list, and records no outputs when the span recorded none (recordOutputs: false)", () => {
    const fields = readAiSdkSpan('ai.generateText', {
      'ai.prompt': JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Hello' }, { type: 'reasoning', text: 'greet' }] }] }),
      'ai.response.finishReason': 'stop',
    })!;
    expect(JSON.parse(fields.inputs!)).toEqual({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello' }, { type: 'reasoning', text: 'greet' }] },
      ],
    });
    expect(fields.outputs).toBeUndefined();
    expect(fields.usage).toBeUndefined();
    expect(readAiSdkSpan('ai.generateText.doGenerate', { 'ai.response.finishReason': 'stop' })).toEqual({
      spanType: 'LLM',
      derivedAttributes: [['gen_ai.response.finish_reasons', ['stop']]],
    });
  });

  it("reads a tool call's arguments and result, whether set as JSON text or arriving decoded", () => {
    const asSet = readAiSdkSpan('ai.toolCall', { 'ai.toolCall.name': 'get_weather', 'ai.toolCall.args': '{"city":"Paris"}', 'ai.toolCall.result': '"sunny"' })!;
    expect(asSet).toEqual({ spanType: 'TOOL', inputs: '{"city":"Paris"}', outputs: '"sunny"', derivedAttributes: [] });
    const decoded = readAiSdkSpan('ai.toolCall', { 'ai.toolCall.args': { city: 'Paris' }, 'ai.toolCall.result': { temperature: 21 } })!;
    expect(decoded).toMatchObject({ inputs: '{"city":"Paris"}', outputs: '{"temperature":21}' });
  });

  it('reads the object generateObject returned, its model call answering with the JSON text, and its older usage keys', () => {
    const object = '{"name":"Ada","age":36}';
    const outer = readAiSdkSpan('ai.generateObject', { 'ai.model.id': 'gpt-4o', 'ai.prompt': '{"prompt":"A person"}', 'ai.response.object': object, 'ai.usage.promptTokens': 5, 'ai.usage.completionTokens': 9 })!;
    expect(outer).toMatchObject({ spanType: 'CHAIN', inputs: '{"model":"gpt-4o","messages":[{"role":"user","content":"A person"}]}', outputs: object });
    expect(outer.usage).toEqual({ inputTokens: 5, outputTokens: 9, totalTokens: 14 });
    const inner = readAiSdkSpan('ai.generateObject.doGenerate', { 'ai.response.object': object, 'ai.response.finishReason': 'stop' })!;
    expect(JSON.parse(inner.outputs!)).toEqual({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: object }, finish_reason: 'stop' }] });
  });

  it('reads embeddings as their count and dimensions, not the vectors', () => {
    const single = readAiSdkSpan('ai.embed', { 'ai.model.id': 'text-embedding-3-small', 'ai.value': '"hello"', 'ai.embedding': '[0.1,0.2,0.3]', 'ai.usage.tokens': 1 })!;
    expect(single).toEqual({
      spanType: 'EMBEDDING',
      inputs: '{"model":"text-embedding-3-small","input":"hello"}',
      outputs: '{"data":[{"index":0,"dimensions":3}]}',
      usage: { inputTokens: 1, outputTokens: 0, totalTokens: 1 },
      model: 'text-embedding-3-small',
      derivedAttributes: [],
    });
    const many = readAiSdkSpan('ai.embedMany.doEmbed', { 'ai.values': ['"a"', '"b"'], 'ai.embeddings': ['[1,2]', '[3,4]'] })!;
    expect(many).toMatchObject({ inputs: '{"input":["a","b"]}', outputs: '{"data":[{"index":0,"dimensions":2},{"index":1,"dimensions":2}]}' });
  });

  it('leaves out a payload it cannot write (nested past the stack) and keeps the rest', () => {
    let deep: unknown = 'bottom';
    for (let depth = 0; depth < 200_000; depth += 1) deep = { deep };
    const fields = readAiSdkSpan('ai.toolCall', { 'ai.toolCall.args': deep, 'ai.usage.tokens': 3 })!;
    expect(fields).toEqual({ spanType: 'TOOL', usage: { inputTokens: 3, outputTokens: 0, totalTokens: 3 }, derivedAttributes: [] });
  });
});
