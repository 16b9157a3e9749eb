// Over 400 lines: every route and answer mode of the mock server (chat, streaming, tools, responses, embeddings, scripts, rules, failures) against a real HTTP server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import OpenAI5 from 'openai5';
import OpenAI7 from 'openai7';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockLlmServer } from './create-mock-llm-server.js';
import type { MockLlmServer } from './create-mock-llm-server.js';
import { loadMockScript } from './load-mock-script.js';
import type { MockLlmOptions } from './mock-llm-options.js';

const servers: MockLlmServer[] = [];

async function start(options?: MockLlmOptions): Promise<MockLlmServer> {
  const server = await createMockLlmServer(options);
  servers.push(server);
  return server;
}

function clientFor(server: MockLlmServer, options: { maxRetries?: number; timeout?: number } = {}): OpenAI {
  return new OpenAI({ baseURL: server.baseURL, apiKey: 'mock', maxRetries: options.maxRetries ?? 0, timeout: options.timeout ?? 10_000 });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('createMockLlmServer: chat completions', () => {
  it('echoes the last user message with deterministic ids and usage', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseURL).toBe(`${server.url}/v1`);
    const client = clientFor(server);
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello there mock' },
      ],
    });
    expect(completion).toMatchObject({
      id: 'chatcmpl-mock-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Echo: Hello there mock', refusal: null } }],
      usage: { prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 },
    });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there mock' }] });
    expect(second.id).toBe('chatcmpl-mock-2');
    expect(second.choices[0]!.message.content).toBe('Echo: Hello there mock');
    expect(server.requests.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/v1/chat/completions'],
      ['POST', '/v1/chat/completions'],
    ]);
    expect(server.requests[0]!.body).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'system' }, { role: 'user' }] });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer mock');
  });

  it('streams word chunks that concatenate to the plain answer, with a usage chunk only when asked', async () => {
    const server = await start();
    const client = clientFor(server);
    const messages = [{ role: 'user' as const, content: 'stream  these words please' }];
    const plain = await client.chat.completions.create({ model: 'mock-gpt', messages });

    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'mock-gpt', messages, stream: true })) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(plain.choices[0]!.message.content);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);

    const withUsage: ChatCompletionChunk[] = [];
    const stream = await client.chat.completions.create({ model: 'mock-gpt', messages, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) withUsage.push(chunk);
    const last = withUsage.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual(plain.usage);
    expect(withUsage.slice(0, -1).every((chunk) => chunk.usage === null && chunk.choices.length === 1)).toBe(true);
  });

  it('writes the SSE wire format of OpenAI', async () => {
    const server = await start();
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text.startsWith('data: {')).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('answers by rules, first match wins, and fills {{input}}', async () => {
    const server = await start({
      answers: [
        { when: { tool: 'get_weather', hasToolResult: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: '{{input}}' } }] } },
        { when: { hasToolResult: true }, reply: 'It is sunny.' },
        { when: { regex: '^translate' }, reply: 'Translated: {{input}}' },
        { when: { contains: 'translate' }, reply: 'never reached first' },
      ],
    });
    const client = clientFor(server);
    const translated = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'translate me' }] });
    expect(translated.choices[0]!.message.content).toBe('Translated: translate me');
    const other = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'please translate' }] });
    expect(other.choices[0]!.message.content).toBe('never reached first');

    const toolCall = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Paris "center"' }], tools: [weatherTool] });
    const choice = toolCall.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: 'call_mock_3_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris \\"center\\""}' } },
    ]);

    const afterTool = await client.chat.completions.create({
      model: 'm',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: null, tool_calls: choice.message.tool_calls! },
        { role: 'tool', tool_call_id: 'call_mock_3_0', content: '{"sky":"clear"}' },
      ],
    });
    expect(afterTool.choices[0]!.message.content).toBe('It is sunny.');
  });

  it('echoes as text when tools are offered and nothing matches', async () => {
    const server = await start();
    const completion = await clientFor(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [weatherTool] });
    expect(completion.choices[0]!.message).toMatchObject({ content: 'Echo: hi' });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('streams tool calls that the SDK reassembles', async () => {
    const server = await start({
      answers: [{ when: { tool: 'get_weather' }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'get_weather', arguments: '{"city":"Oslo"}' }] } }],
    });
    const client = clientFor(server);
    const stream = client.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.choices[0]!.message.tool_calls).toEqual([
      { id: 'call_mock_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_mock_1_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
    ]);

    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool], stream: true })) {
      chunks.push(chunk);
    }
    const argumentPieces = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).filter((call) => call.index === 0 && call.id === undefined);
    expect(argumentPieces.length).toBeGreaterThanOrEqual(2);
  });

  it('answers JSON for response_format so that chat.completions.parse works', async () => {
    const server = await start();
    const client = clientFor(server);
    const parsed = await client.chat.completions.parse({
      model: 'm',
      messages: [{ role: 'user', content: 'capital of France' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', strict: true, schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } },
      },
    });
    expect(parsed.choices[0]!.message.parsed).toEqual({ answer: 'Echo: capital of France' });

    const jsonObject = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '{"already": "json"}' }], response_format: { type: 'json_object' } });
    expect(jsonObject.choices[0]!.message.content).toBe('{"answer":"Echo: {\\"already\\": \\"json\\"}"}');
  });

  it('applies latency before answering', async () => {
    const server = await start({ latencyMs: 150 });
    const started = performance.now();
    await clientFor(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'slow' }] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('createMockLlmServer: responses', () => {
  it('answers a responses object with output_text and usage', async () => {
    const server = await start();
    const client = clientFor(server);
    const response = await client.responses.create({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'Tell me a joke' });
    expect(response).toMatchObject({
      id: 'resp_mock_1',
      object: 'response',
      status: 'completed',
      model: 'gpt-4.1',
      output: [{ type: 'message', id: 'msg_mock_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Echo: Tell me a joke', annotations: [] }] }],
      usage: { input_tokens: 6, output_tokens: 5, total_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
    });
    expect(response.output_text).toBe('Echo: Tell me a joke');

    const fromItems = await client.responses.create({
      model: 'gpt-4.1',
      input: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'reply' },
        { role: 'user', content: [{ type: 'input_text', text: 'second question' }] },
      ],
    });
    expect(fromItems.output_text).toBe('Echo: second question');
  });

  it('answers function_call items', async () => {
    const server = await start({ answers: [{ when: { tool: 'lookup' }, reply: { toolCalls: [{ name: 'lookup', arguments: { q: '{{input}}' } }] } }] });
    const response = await clientFor(server).responses.create({
      model: 'm',
      input: 'cats',
      tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: false }],
    });
    expect(response.output).toEqual([
      { type: 'function_call', id: 'fc_mock_1_0', call_id: 'call_mock_1_0', name: 'lookup', arguments: '{"q":"cats"}', status: 'completed' },
    ]);
  });

  it('streams events that the SDK accumulates into the same response', async () => {
    const server = await start();
    const client = clientFor(server);
    const types: string[] = [];
    const sequenceNumbers: number[] = [];
    let deltas = '';
    for await (const event of await client.responses.create({ model: 'm', input: 'stream a few words', stream: true })) {
      types.push(event.type);
      sequenceNumbers.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') deltas += event.delta;
      if (event.type === 'response.completed') expect(event.response.usage?.total_tokens).toBe(9);
    }
    expect(deltas).toBe('Echo: stream a few words');
    expect(sequenceNumbers).toEqual(types.map((_, index) => index));
    expect([...new Set(types)]).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(2);

    const final = await client.responses.stream({ model: 'm', input: 'stream a few words' }).finalResponse();
    expect(final.output_text).toBe('Echo: stream a few words');
    expect(final.status).toBe('completed');

    const wire = await (
      await fetch(`${server.baseURL}/responses`, { method: 'POST', body: JSON.stringify({ model: 'm', input: 'x', stream: true }) })
    ).text();
    expect(wire.startsWith('event: response.created\ndata: {"type":"response.created","sequence_number":0')).toBe(true);
  });

  it('streams function calls', async () => {
    const server = await start({ answers: [{ when: {}, reply: { content: 'Looking it up.', toolCalls: [{ name: 'lookup', arguments: { q: 'dogs' } }] } }] });
    const final = await clientFor(server).responses.stream({ model: 'm', input: 'dogs' }).finalResponse();
    expect(final.output_text).toBe('Looking it up.');
    expect(final.output[1]).toMatchObject({ type: 'function_call', name: 'lookup', arguments: '{"q":"dogs"}', call_id: 'call_mock_1_0' });
  });
});

describe('createMockLlmServer: embeddings', () => {
  it('answers deterministic unit vectors; base64 (the SDK default) decodes to the float answer', async () => {
    const server = await start();
    const client = clientFor(server);
    const byDefault = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta', 'alpha'] });
    const asFloat = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta', 'alpha'], encoding_format: 'float' });
    expect((server.requests[0]!.body as { encoding_format?: string }).encoding_format).toBe('base64');
    expect(byDefault.data.map((item) => item.embedding)).toEqual(asFloat.data.map((item) => item.embedding));
    const [alpha, beta, alphaAgain] = asFloat.data.map((item) => item.embedding);
    expect(alpha).toHaveLength(16);
    expect(alpha).toEqual(alphaAgain);
    expect(alpha).not.toEqual(beta);
    expect(Math.hypot(...alpha!)).toBeCloseTo(1, 5);
    expect(asFloat.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(asFloat.model).toBe('text-embedding-3-small');

    const sized = await client.embeddings.create({ model: 'e', input: 'one two', dimensions: 5, encoding_format: 'float' });
    expect(sized.data[0]!.embedding).toHaveLength(5);
    const tokens = await client.embeddings.create({ model: 'e', input: [1, 2, 3], encoding_format: 'float' });
    expect(tokens.usage.prompt_tokens).toBe(3);
  });
});

describe('createMockLlmServer: scripts', () => {
  it('answers from a JSONL script: matches are reused, matchless entries are consumed in order', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'assay-mock-llm-'));
    try {
      const path = join(directory, 'answers.jsonl');
      const lines = [
        { match: 'weather', response: { toolCalls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] } },
        { response: 'first' },
        { response: { content: 'second' } },
        { match: 'vector', embedding: [1, 0, 0] },
      ];
      await writeFile(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n\n`);
      const script = await loadMockScript(path);
      expect(script).toHaveLength(4);
      const server = await start({ script, answers: [{ when: {}, reply: 'from the rules' }] });
      const client = clientFor(server);
      const ask = async (content: string) => {
        const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] });
        return completion.choices[0]!.message;
      };
      expect((await ask('the weather?')).tool_calls?.[0]).toMatchObject({ function: { arguments: '{"city":"Rome"}' } });
      expect((await ask('a')).content).toBe('first');
      expect((await ask('weather again')).tool_calls).toHaveLength(1);
      expect((await ask('b')).content).toBe('second');
      expect((await ask('c')).content).toBe('from the rules');
      const embedded = await client.embeddings.create({ model: 'e', input: ['a vector', 'other'], encoding_format: 'float' });
      expect(embedded.data[0]!.embedding).toEqual([1, 0, 0]);
      expect(embedded.data[1]!.embedding).toHaveLength(16);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('createMockLlmServer: failures', () => {
  it('surfaces a 429 as RateLimitError, and the client retries through a limited failure', async () => {
    const server = await start({ failures: [{ path: '/v1/chat/completions', status: 429, times: 2 }] });
    const request = { model: 'm', messages: [{ role: 'user' as const, content: 'retry me' }] };
    const error = await clientFor(server).chat.completions.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null });
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('0');

    const completion = await clientFor(server, { maxRetries: 2 }).chat.completions.create(request);
    expect(completion.choices[0]!.message.content).toBe('Echo: retry me');
    expect(server.requests).toHaveLength(3);
    expect(completion.id).toBe('chatcmpl-mock-1');
  });

  it('surfaces a 500 as InternalServerError and leaves other paths alone', async () => {
    const server = await start({ failures: [{ path: '/v1/embeddings', status: 500 }] });
    const client = clientFor(server);
    await expect(client.embeddings.create({ model: 'e', input: 'x' })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(client.embeddings.create({ model: 'e', input: 'x' })).rejects.toMatchObject({ status: 500, type: 'server_error' });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'ok' }] })).resolves.toBeDefined();
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('hangs until the client times out, and close() still resolves', async () => {
    const server = await start({ failures: [{ kind: 'hang', times: 1 }] });
    await expect(clientFor(server, { timeout: 200 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
  });

  it('resets the connection', async () => {
    const server = await start({ failures: [{ kind: 'reset' }] });
    await expect(clientFor(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('forces a failure on one request with the x-mock-fail header', async () => {
    const server = await start();
    const client = clientFor(server);
    const body = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
    await expect(client.chat.completions.create(body, { headers: { 'x-mock-fail': '429' } })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(client.chat.completions.create(body, { headers: { 'x-mock-fail': '500' } })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(client.chat.completions.create(body, { headers: { 'x-mock-fail': 'hang' }, timeout: 200 })).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await expect(client.chat.completions.create(body, { headers: { 'x-mock-fail': 'nonsense' } })).rejects.toMatchObject({ status: 400 });
    await expect(client.chat.completions.create(body)).resolves.toBeDefined();
  });

  it('resolves close() while a request hangs', async () => {
    const server = await createMockLlmServer({ failures: [{ kind: 'hang' }] });
    const pending = fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{}' }).catch((error: unknown) => error);
    await expect.poll(() => server.requests.length).toBe(1);
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    await server.close();
  });
});

describe('createMockLlmServer: bad requests', () => {
  async function post(server: MockLlmServer, path: string, body: string): Promise<{ status: number; json: { error: Record<string, unknown> } }> {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, json: (await response.json()) as { error: Record<string, unknown> } };
  }

  it('answers 400 for bad JSON and missing fields, 404 for unknown routes, and keeps serving', async () => {
    const server = await start();
    const badJson = await post(server, '/v1/chat/completions', '{"model": ');
    expect(badJson.status).toBe(400);
    expect(badJson.json.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(badJson.json.error.message).toContain('could not parse the JSON body');

    const noMessages = await post(server, '/v1/chat/completions', '{"model":"m"}');
    expect(noMessages).toMatchObject({ status: 400, json: { error: { param: 'messages', code: 'missing_required_parameter' } } });
    expect(noMessages.json.error.message).toBe("Missing required parameter: 'messages'. It must be a non-empty array of message objects { role, content }.");
    const noModel = await post(server, '/v1/responses', '{"input":"x"}');
    expect(noModel).toMatchObject({ status: 400, json: { error: { param: 'model' } } });
    const badInput = await post(server, '/v1/embeddings', '{"model":"e","input":{}}');
    expect(badInput.json.error.message).toContain("Invalid type for 'input'");
    const noInput = await post(server, '/v1/responses', '{"model":"m"}');
    expect(noInput.json.error).toMatchObject({ param: 'input', code: 'missing_required_parameter' });
    expect((await post(server, '/v1/chat/completions', '[1]')).status).toBe(400);

    const unknown = await post(server, '/v1/images/generations', '{}');
    expect(unknown).toMatchObject({ status: 404, json: { error: { type: 'invalid_request_error', param: null, code: 'unknown_url' } } });
    await expect(clientFor(server).completions.create({ model: 'm', prompt: 'x' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const raw = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${server.url}/v1/chat/completions`, { method: 'POST' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end('\u0000not json');
    });
    expect(raw).toBe(400);

    const models = await clientFor(server).models.list();
    expect(models.data.map((model) => model.id)).toEqual(['mock-gpt']);
  });

  it('rejects invalid options', async () => {
    await expect(createMockLlmServer({ latencyMs: -1 })).rejects.toThrow('latencyMs must be a number of milliseconds');
    await expect(createMockLlmServer({ answers: [{ when: { regex: '(' }, reply: 'x' }] })).rejects.toThrow('answers[0].when.regex is not a valid regular expression');
    await expect(createMockLlmServer({ failures: [{ status: 200 }] })).rejects.toThrow('failures[0].status must be an HTTP error status');
  });
});

describe('other openai majors', () => {
  interface StreamedChunk {
    choices: { delta: { content?: string | null } }[];
    usage?: unknown;
  }

  async function collect(stream: AsyncIterable<StreamedChunk>): Promise<{ text: string; usage: unknown }> {
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    return { text, usage };
  }

  const request = {
    model: 'm',
    messages: [{ role: 'user' as const, content: 'old and new' }],
    stream: true as const,
    stream_options: { include_usage: true },
  };
  const expected = { text: 'Echo: old and new', usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } };

  it('openai 5 streams chat with include_usage', async () => {
    const server = await start();
    const client = new OpenAI5({ baseURL: server.baseURL, apiKey: 'mock', maxRetries: 0 });
    expect(await collect(await client.chat.completions.create(request))).toEqual(expected);
  });

  it('openai 7 streams chat with include_usage', async () => {
    const server = await start();
    const client = new OpenAI7({ baseURL: server.baseURL, apiKey: 'mock', maxRetries: 0 });
    expect(await collect(await client.chat.completions.create(request))).toEqual(expected);
  });
});
