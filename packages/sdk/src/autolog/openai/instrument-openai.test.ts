// Over 400 lines: the span of each OpenAI API (chat, streaming, parse, responses, embeddings, errors) as an inline snapshot, identical for openai 5, 6 and 7.
import { GEN_AI_ATTRIBUTES, type Span } from '@assay/core';
import OpenAI6 from 'openai';
import OpenAI5 from 'openai5';
import OpenAI7 from 'openai7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSpans, useMemoryTracing } from '../../tracing/__fixtures__/memory-tracing.js';
import { resetAutologSettings, setAutologSettings } from '../autolog-settings.js';
import { createStubOpenAIFetch, type StubOptions } from './__fixtures__/stub-openai-fetch.js';
import { instrumentOpenAI, uninstrumentOpenAI, withSpan, wrapOpenAI } from '../../index.js';

type AnyClient = InstanceType<typeof OpenAI6>;

const VERSIONS: [string, new (options: Record<string, unknown>) => unknown][] = [
  ['openai 5', OpenAI5],
  ['openai 6', OpenAI6],
  ['openai 7', OpenAI7],
];

const tracing = useMemoryTracing();

function clientOf(OpenAI: (typeof VERSIONS)[number][1], stub: StubOptions = {}): AnyClient {
  return new OpenAI({ apiKey: 'test-key', baseURL: 'http://stub.test/v1', fetch: createStubOpenAIFetch(stub), maxRetries: 0 }) as AnyClient;
}

/** Spans of each trace, normalised on their own, with the (timing) time-to-first-chunk value replaced. */
async function tracesByVersion(): Promise<Span[][]> {
  const byTrace = new Map<string, Span[]>();
  for (const { span } of await tracing.spans()) {
    const spans = byTrace.get(span.traceId) ?? [];
    spans.push(span);
    byTrace.set(span.traceId, spans);
  }
  return [...byTrace.values()].map((spans) =>
    normalizeSpans(spans).map((span) =>
      span.attributes[GEN_AI_ATTRIBUTES.timeToFirstChunk] === undefined
        ? span
        : { ...span, attributes: { ...span.attributes, [GEN_AI_ATTRIBUTES.timeToFirstChunk]: '<seconds>' } },
    ),
  );
}

/** Runs `call` with a client of each major and checks all three made the same spans; returns them. */
async function sameSpansForEveryVersion(call: (client: AnyClient) => Promise<unknown>, stub: StubOptions = {}): Promise<Span[]> {
  for (const [, OpenAI] of VERSIONS) await call(clientOf(OpenAI, stub)).catch(() => undefined);
  const traces = (await tracesByVersion()).slice(-VERSIONS.length);
  expect(traces[0]).toEqual(traces[1]);
  expect(traces[2]).toEqual(traces[1]);
  return traces[1]!;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

beforeAll(() => {
  for (const [, OpenAI] of VERSIONS) expect(instrumentOpenAI(OpenAI)).toBe(true);
});
afterAll(() => uninstrumentOpenAI());
afterEach(() => resetAutologSettings());

describe('OpenAI autolog: span shapes (openai 5, 6 and 7 alike)', () => {
  it('chat.completions.create', async () => {
    const spans = await sameSpansForEveryVersion((client) =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, max_tokens: 50 }),
    );
    expect(spans).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.max_tokens": 50,
            "gen_ai.request.model": "gpt-4o-mini",
            "gen_ai.request.temperature": 0.2,
            "gen_ai.response.finish_reasons": [
              "stop",
            ],
            "gen_ai.response.id": "chatcmpl-stub",
            "gen_ai.response.model": "gpt-4o-mini-2024",
            "gen_ai.usage.input_tokens": 5,
            "gen_ai.usage.output_tokens": 3,
            "http.response.status_code": 200,
            "mlflow.chat.tokenUsage": {
              "input_tokens": 5,
              "output_tokens": 3,
              "total_tokens": 8,
            },
            "mlflow.message.format": "openai",
            "mlflow.spanInputs": {
              "max_tokens": 50,
              "messages": [
                {
                  "content": "hi",
                  "role": "user",
                },
              ],
              "model": "gpt-4o-mini",
              "temperature": 0.2,
            },
            "mlflow.spanOutputs": {
              "choices": [
                {
                  "finish_reason": "stop",
                  "index": 0,
                  "logprobs": null,
                  "message": {
                    "content": "Echo: hi",
                    "refusal": null,
                    "role": "assistant",
                  },
                },
              ],
              "created": 1700000000,
              "id": "chatcmpl-stub",
              "model": "gpt-4o-mini-2024",
              "object": "chat.completion",
              "usage": {
                "completion_tokens": 3,
                "prompt_tokens": 5,
                "total_tokens": 8,
              },
            },
            "mlflow.spanType": "CHAT_MODEL",
            "openai.api": "chat.completions",
            "server.address": "stub.test",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "chat gpt-4o-mini",
          "spanId": "<span-2>",
          "spanType": "CHAT_MODEL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('chat.completions.create streaming: usage asked for and hidden, chunks reassembled, time to first token', async () => {
    const seen: unknown[][] = [];
    const spans = await sameSpansForEveryVersion(async (client) => {
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
      seen.push(await collect(stream));
    });
    for (const chunks of seen) {
      expect(chunks).toHaveLength(4);
      expect(chunks.every((chunk) => !Object.hasOwn(chunk as object, 'usage'))).toBe(true);
    }
    expect(spans).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o-mini",
            "gen_ai.response.finish_reasons": [
              "stop",
            ],
            "gen_ai.response.id": "chatcmpl-stub",
            "gen_ai.response.model": "gpt-4o-mini-2024",
            "gen_ai.response.time_to_first_chunk": "<seconds>",
            "gen_ai.usage.input_tokens": 5,
            "gen_ai.usage.output_tokens": 3,
            "http.response.status_code": 200,
            "mlflow.chat.tokenUsage": {
              "input_tokens": 5,
              "output_tokens": 3,
              "total_tokens": 8,
            },
            "mlflow.message.format": "openai",
            "mlflow.spanInputs": {
              "messages": [
                {
                  "content": "hi",
                  "role": "user",
                },
              ],
              "model": "gpt-4o-mini",
              "stream": true,
            },
            "mlflow.spanOutputs": {
              "choices": [
                {
                  "finish_reason": "stop",
                  "index": 0,
                  "message": {
                    "content": "Echo: hi",
                    "role": "assistant",
                  },
                },
              ],
              "created": 1700000000,
              "id": "chatcmpl-stub",
              "model": "gpt-4o-mini-2024",
              "object": "chat.completion",
              "usage": {
                "completion_tokens": 3,
                "prompt_tokens": 5,
                "total_tokens": 8,
              },
            },
            "mlflow.spanType": "CHAT_MODEL",
            "openai.api": "chat.completions",
            "openai.request.stream": true,
            "server.address": "stub.test",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "chat gpt-4o-mini",
          "spanId": "<span-2>",
          "spanType": "CHAT_MODEL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });

  it('chat.completions.create streaming with include_usage asked by the app: the usage chunk reaches the app', async () => {
    const seen: unknown[][] = [];
    await sameSpansForEveryVersion(async (client) => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      seen.push(await collect(stream));
    });
    for (const chunks of seen) {
      expect(chunks).toHaveLength(5);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 8 } });
    }
  });

  it('streamed tool calls are reassembled from their deltas', async () => {
    const spans = await sameSpansForEveryVersion(
      async (client) => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'weather in Paris?' }],
          tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
          stream: true,
        });
        await collect(stream);
      },
      { toolCalls: true },
    );
    expect(spans[0]?.attributes['mlflow.spanOutputs']).toMatchInlineSnapshot(`
      {
        "choices": [
          {
            "finish_reason": "tool_calls",
            "index": 0,
            "message": {
              "content": null,
              "role": "assistant",
              "tool_calls": [
                {
                  "function": {
                    "arguments": "{"city":"Paris"}",
                    "name": "get_weather",
                  },
                  "id": "call_1",
                  "type": "function",
                },
              ],
            },
          },
        ],
        "created": 1700000000,
        "id": "chatcmpl-stub",
        "model": "gpt-4o-mini-2024",
        "object": "chat.completion",
        "usage": {
          "completion_tokens": 3,
          "prompt_tokens": 5,
          "total_tokens": 8,
        },
      }
    `);
  });

  it('chat.completions.parse is one span with the parsed answer', async () => {
    const spans = await sameSpansForEveryVersion((client) =>
      client.chat.completions.parse({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes['mlflow.spanOutputs']).toMatchObject({ choices: [{ message: { content: 'Echo: hi', parsed: null } }] });
  });

  it('responses.create, plain and streaming', async () => {
    const spans = await sameSpansForEveryVersion((client) => client.responses.create({ model: 'gpt-4o-mini', input: 'hi' }));
    expect(spans).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o-mini",
            "gen_ai.response.finish_reasons": [
              "completed",
            ],
            "gen_ai.response.id": "resp_stub",
            "gen_ai.response.model": "gpt-4o-mini-2024",
            "gen_ai.usage.input_tokens": 5,
            "gen_ai.usage.output_tokens": 3,
            "http.response.status_code": 200,
            "mlflow.chat.tokenUsage": {
              "input_tokens": 5,
              "output_tokens": 3,
              "total_tokens": 8,
            },
            "mlflow.message.format": "openai",
            "mlflow.spanInputs": {
              "input": "hi",
              "model": "gpt-4o-mini",
            },
            "mlflow.spanOutputs": {
              "created_at": 1700000000,
              "id": "resp_stub",
              "model": "gpt-4o-mini-2024",
              "object": "response",
              "output": [
                {
                  "content": [
                    {
                      "annotations": [],
                      "text": "Echo: hi",
                      "type": "output_text",
                    },
                  ],
                  "id": "msg_stub",
                  "role": "assistant",
                  "status": "completed",
                  "type": "message",
                },
              ],
              "output_text": "Echo: hi",
              "status": "completed",
              "usage": {
                "input_tokens": 5,
                "output_tokens": 3,
                "total_tokens": 8,
              },
            },
            "mlflow.spanType": "CHAT_MODEL",
            "openai.api": "responses",
            "server.address": "stub.test",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "chat gpt-4o-mini",
          "spanId": "<span-2>",
          "spanType": "CHAT_MODEL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
    const streamed = await sameSpansForEveryVersion(async (client) => {
      await collect(await client.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true }));
    });
    expect(streamed[0]?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.time_to_first_chunk': '<seconds>',
      'mlflow.spanOutputs': { id: 'resp_stub', status: 'completed' },
    });
  });

  it('embeddings.create, with the SDK default (base64) and floats', async () => {
    const spans = await sameSpansForEveryVersion((client) => client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] }));
    expect(spans).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "gen_ai.embeddings.dimension.count": 4,
            "gen_ai.operation.name": "embeddings",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "text-embedding-3-small",
            "gen_ai.response.model": "text-embedding-3-small",
            "gen_ai.usage.input_tokens": 4,
            "gen_ai.usage.output_tokens": 0,
            "http.response.status_code": 200,
            "mlflow.chat.tokenUsage": {
              "input_tokens": 4,
              "output_tokens": 0,
              "total_tokens": 4,
            },
            "mlflow.spanInputs": {
              "input": [
                "a",
                "b",
              ],
              "model": "text-embedding-3-small",
            },
            "mlflow.spanOutputs": {
              "data": [
                {
                  "dimensions": 4,
                  "index": 0,
                },
                {
                  "dimensions": 4,
                  "index": 1,
                },
              ],
              "model": "text-embedding-3-small",
              "object": "list",
              "usage": {
                "prompt_tokens": 4,
                "total_tokens": 4,
              },
            },
            "mlflow.spanType": "EMBEDDING",
            "openai.api": "embeddings",
            "server.address": "stub.test",
          },
          "endTimeUnixNano": "<time>",
          "events": [],
          "name": "embeddings text-embedding-3-small",
          "spanId": "<span-2>",
          "spanType": "EMBEDDING",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "UNSET",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
    const floats = await sameSpansForEveryVersion((client) =>
      client.embeddings.create({ model: 'text-embedding-3-small', input: 'a', encoding_format: 'float' }),
    );
    expect(floats[0]?.attributes['gen_ai.embeddings.dimension.count']).toBe(4);
  });

  it('an API error is recorded on the span and reaches the app unchanged', async () => {
    const errors: unknown[] = [];
    const spans = await sameSpansForEveryVersion(
      (client) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => {
        errors.push(error);
        throw error;
      }),
      { failWith: 429 },
    );
    expect(errors.map((error) => (error as Error).constructor.name)).toEqual(['RateLimitError', 'RateLimitError', 'RateLimitError']);
    expect(errors[1]).toBeInstanceOf(OpenAI6.RateLimitError);
    expect(spans).toMatchInlineSnapshot(`
      [
        {
          "attributes": {
            "error.type": "RateLimitError",
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o-mini",
            "http.response.status_code": 429,
            "mlflow.message.format": "openai",
            "mlflow.spanInputs": {
              "messages": [
                {
                  "content": "hi",
                  "role": "user",
                },
              ],
              "model": "gpt-4o-mini",
            },
            "mlflow.spanType": "CHAT_MODEL",
            "openai.api": "chat.completions",
            "server.address": "stub.test",
          },
          "endTimeUnixNano": "<time>",
          "events": [
            {
              "attributes": {
                "exception.message": "429 stub failure 429",
                "exception.stacktrace": "<stack>",
                "exception.type": "RateLimitError",
              },
              "name": "exception",
              "timeUnixNano": "<time>",
            },
          ],
          "name": "chat gpt-4o-mini",
          "spanId": "<span-2>",
          "spanType": "CHAT_MODEL",
          "startTimeUnixNano": "<time>",
          "status": {
            "code": "ERROR",
            "message": "429 stub failure 429",
          },
          "traceId": "<trace-1>",
        },
      ]
    `);
  });
});

describe('OpenAI autolog: the app sees what it would without Assay', () => {
  it('withResponse() gives data and the raw response; asResponse() gives the raw response and ends the span', async () => {
    const client = clientOf(OpenAI6);
    const { data, response, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Echo: hi');
    expect(response.status).toBe(200);
    expect(request_id).toBe('req_stub');
    const raw = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'raw' }] }).asResponse();
    expect(((await raw.json()) as { id: string }).id).toBe('chatcmpl-stub');
    const spans = (await tracing.spans()).map((entry) => entry.span);
    expect(spans).toHaveLength(2);
    expect(spans[0]?.attributes['gen_ai.usage.input_tokens']).toBe(5);
    expect(spans[1]?.attributes).toMatchObject({ 'openai.response.mode': 'raw-response', 'http.response.status_code': 200 });
    expect(spans[1]?.attributes['mlflow.spanOutputs']).toBeUndefined();
  });

  it('an aborted request rejects with the SDK abort error, recorded on the span', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = clientOf(OpenAI6);
    const call = client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    await expect(call).rejects.toBeInstanceOf(OpenAI6.APIUserAbortError);
    const [span] = (await tracing.spans()).map((entry) => entry.span);
    expect(span?.status.code).toBe('ERROR');
    expect(span?.attributes['error.type']).toBe('APIUserAbortError');
  });

  it('a stream the app stops reading early ends the span with what was read', async () => {
    const client = clientOf(OpenAI6);
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      break;
    }
    const [span] = (await tracing.spans()).map((entry) => entry.span);
    expect(span?.endTimeUnixNano).toBeDefined();
    expect(span?.attributes['mlflow.spanOutputs']).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini-2024' });
  });

  it('a call inside a span is its child; a call inside another traced call is not traced twice', async () => {
    const client = wrapOpenAI(clientOf(OpenAI6));
    await withSpan({ name: 'answer', spanType: 'CHAIN' }, () =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const spans = (await tracing.spans()).map((entry) => entry.span);
    expect(spans.map((span) => span.name)).toEqual(['chat gpt-4o-mini', 'answer']);
    expect(spans[0]?.parentSpanId).toBe(spans[1]?.spanId);
  });

  it('captureContent: false keeps shapes, models and usage but no text', async () => {
    setAutologSettings({ captureContent: false });
    await clientOf(OpenAI6).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'secret prompt' }] });
    const [span] = (await tracing.spans()).map((entry) => entry.span);
    const serialized = JSON.stringify(span);
    expect(serialized).not.toContain('secret');
    expect(span?.attributes['mlflow.spanInputs']).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '[text: 13 chars]' }] });
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBe(3);
  });

  it('sampleRate 0 traces no new trace, but calls inside a traced parent still are', async () => {
    setAutologSettings({ sampleRate: 0 });
    const client = clientOf(OpenAI6);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await withSpan('parent', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    expect((await tracing.spans()).map((entry) => entry.span.name)).toEqual(['chat gpt-4o-mini', 'parent']);
  });

  it('uninstrumentOpenAI() restores the original methods', async () => {
    const create = Object.getPrototypeOf(clientOf(OpenAI6).chat.completions) as { create: unknown };
    const traced = create.create;
    uninstrumentOpenAI();
    try {
      expect(create.create).not.toBe(traced);
      await clientOf(OpenAI6).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      expect(await tracing.spans()).toEqual([]);
    } finally {
      for (const [, OpenAI] of VERSIONS) instrumentOpenAI(OpenAI);
    }
  });
});
