import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { createMockLlmServer, type MockAnswerRule } from '../testing/index.js';
import { autolog, flush, getLastTraceId, getTrace, searchTraces, setTrackingUri, withSpan, wrapOpenAI } from '../index.js';

const getRoot = useTempTrackingUri();

const RULES: MockAnswerRule[] = [{ when: { tool: 'get_weather', hasToolResult: false }, reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] } }];
const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

function describeError(error: unknown): unknown {
  const record = error as { constructor: { name: string }; status?: unknown; message?: unknown };
  return { class: record.constructor.name, status: record.status, message: record.message };
}

async function settle<T>(work: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error: describeError(error) };
  }
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** Everything an app could observe from a series of OpenAI calls against a fresh mock server. */
async function transcript(): Promise<unknown[]> {
  const server = await createMockLlmServer({ answers: RULES });
  try {
    const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 0, timeout: 2_000 });
    const messages = [{ role: 'user' as const, content: 'What is the capital of France?' }];
    return [
      await settle(() => client.chat.completions.create({ model: 'mock-gpt', messages, temperature: 0 })),
      await settle(async () => collect(await client.chat.completions.create({ model: 'mock-gpt', messages, stream: true }))),
      await settle(async () =>
        collect(await client.chat.completions.create({ model: 'mock-gpt', messages, stream: true, stream_options: { include_usage: true } })),
      ),
      await settle(() => client.chat.completions.create({ model: 'mock-gpt', messages, tools: [WEATHER_TOOL] })),
      await settle(async () => collect(await client.chat.completions.create({ model: 'mock-gpt', messages, tools: [WEATHER_TOOL], stream: true }))),
      await settle(async () => {
        const { data, response } = await client.chat.completions.create({ model: 'mock-gpt', messages }).withResponse();
        return { data, status: response.status };
      }),
      await settle(async () => (await client.chat.completions.create({ model: 'mock-gpt', messages }).asResponse()).text()),
      await settle(() => client.responses.create({ model: 'mock-gpt', input: 'Say hi' }).then((response) => ({ response, text: response.output_text }))),
      await settle(async () => collect(await client.responses.create({ model: 'mock-gpt', input: 'Say hi', stream: true }))),
      await settle(() => client.embeddings.create({ model: 'mock-embed', input: ['a', 'b'] })),
      await settle(() => client.embeddings.create({ model: 'mock-embed', input: 'a', encoding_format: 'float' })),
      await settle(() => client.chat.completions.create({ model: 'mock-gpt', messages }, { headers: { 'x-mock-fail': '429' } })),
      await settle(() => client.chat.completions.create({ model: 'mock-gpt', messages }, { headers: { 'x-mock-fail': '500' } })),
      await settle(() => client.chat.completions.create({ model: 'mock-gpt', messages }, { headers: { 'x-mock-fail': 'hang' }, timeout: 200 })),
    ];
  } finally {
    await server.close();
  }
}

describe('autolog() end to end, against the mock LLM server', () => {
  afterEach(() => {
    autolog({ disable: true });
  });

  it('finds the openai package by itself and records the tree, usage and previews in the store', async () => {
    expect(autolog({ langchain: false })).toMatchObject({ openai: true, langchain: false });
    const server = await createMockLlmServer();
    try {
      const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 0 });
      const answer = await withSpan({ name: 'answer-question', spanType: 'CHAIN', inputs: { question: 'capital of France?' } }, async () => {
        await client.embeddings.create({ model: 'mock-embed', input: 'capital of France?' });
        const stream = await client.chat.completions.create({
          model: 'mock-gpt',
          messages: [{ role: 'user', content: 'capital of France?' }],
          stream: true,
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      });
      expect(answer).toBe('Echo: capital of France?');
    } finally {
      await server.close();
    }
    await flush();
    const { traces } = await searchTraces({ filter: "trace.name = 'answer-question'" });
    expect(traces).toHaveLength(1);
    const trace = await getTrace(traces[0]!.traceId);
    expect(trace.info.traceId).toBe(getLastTraceId());
    expect(trace.info.state).toBe('OK');
    expect(trace.info.requestPreview).toBe('{"question":"capital of France?"}');
    expect(trace.info.responsePreview).toBe('"Echo: capital of France?"');
    const root = trace.spans.find((span) => span.parentSpanId === undefined)!;
    const children = trace.spans.filter((span) => span.parentSpanId === root.spanId);
    expect(children.map((span) => [span.name, span.spanType])).toEqual([
      ['embeddings mock-embed', 'EMBEDDING'],
      ['chat mock-gpt', 'CHAT_MODEL'],
    ]);
    // The mock counts words: embeddings 3 prompt tokens; chat 3 prompt + 4 completion.
    const [embeddingUsage, chatUsage] = children.map((span) => span.attributes['mlflow.chat.tokenUsage'] as { total_tokens: number });
    expect(trace.info.tokenUsage).toEqual({
      inputTokens: 6,
      outputTokens: 4,
      totalTokens: embeddingUsage!.total_tokens + chatUsage!.total_tokens,
    });
    expect(children[1]!.attributes['mlflow.spanOutputs']).toMatchObject({ choices: [{ message: { content: 'Echo: capital of France?' } }] });
  });

  it('names the copies it instrumented, and never reports calls that went through them as unreached (retries included)', async () => {
    const result = autolog({ langchain: false });
    await result.ready;
    expect(result.copies).toContainEqual({ package: 'openai', version: expect.stringMatching(/^6\./), file: expect.stringMatching(/openai[/\\]index\.js$/) });
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const server = await createMockLlmServer({ failures: [{ path: '/v1/chat/completions', status: 500, times: 1 }] });
    try {
      const client = new OpenAI({ apiKey: 'mock', baseURL: server.baseURL, maxRetries: 2 });
      const messages = [{ role: 'user' as const, content: 'hi' }];
      await client.chat.completions.create({ model: 'mock-gpt', messages }); // a 500, then a retry
      await client.chat.completions.parse({ model: 'mock-gpt', messages }); // a helper that calls create
      await client.responses.create({ model: 'mock-gpt', input: 'hi' });
      await client.embeddings.create({ model: 'mock-embed', input: 'hi' });
      await wrapOpenAI(client).chat.completions.create({ model: 'mock-gpt', messages }); // wrapped and autologged: one call
    } finally {
      stderr.mockRestore();
      await server.close();
    }
    expect(server.requests.length).toBe(6);
    expect(written.join('')).not.toContain('could not reach');
  });

  it('accepts the package explicitly and rejects bad options with a message saying what to pass', () => {
    expect(autolog({ openai: OpenAI, langchain: false }).openai).toBe(true);
    expect(() => autolog({ sampleRate: 2 })).toThrow(/sampleRate must be a number from 0 to 1/);
    expect(() => autolog({ captureContnet: false } as never)).toThrow(/does not know the option 'captureContnet'.*captureContent/);
    expect(() => autolog({ openai: { not: 'openai' } })).toThrow(/not the openai package/);
  });
});

describe('the app behaves identically with and without autolog', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeAll(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => warn.mockRestore());
  afterEach(() => {
    autolog({ disable: true });
  });

  it('same results, same errors, same stream chunks', async () => {
    const without = await transcript();
    autolog({ langchain: false });
    const withAutolog = await transcript();
    expect(withAutolog).toEqual(without);
    expect(without.filter((entry) => 'error' in (entry as object)).map((entry) => (entry as { error: { class: string } }).error.class)).toEqual([
      'RateLimitError',
      'InternalServerError',
      'APIConnectionTimeoutError',
    ]);
    await flush();
    expect((await searchTraces({})).traces.length).toBeGreaterThanOrEqual(13);
  });

  it('also when the store cannot be written (its directory is a file)', async () => {
    const blocker = join(getRoot(), 'not-a-directory');
    await writeFile(blocker, 'x');
    setTrackingUri(join(blocker, 'store'));
    const without = await transcript();
    autolog({ langchain: false });
    const withAutolog = await transcript();
    expect(withAutolog).toEqual(without);
    // Exporting the traces fails without touching the app; the warning says what is wrong and how to fix it.
    await expect(flush()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Point the tracking URI'));
  });

  it('also while another process holds the store locked', async () => {
    const holder = spawn(process.execPath, [join(import.meta.dirname, '../../../store/src/__fixtures__/hold-database.mjs'), join(getRoot(), 'assay.duckdb'), '4000'], {
      cwd: join(import.meta.dirname, '../../../store'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [firstOutput] = (await once(holder.stdout!, 'data')) as [Buffer];
    expect(firstOutput.toString()).toContain('locked');
    const without = await transcript();
    autolog({ langchain: false });
    const withAutolog = await transcript();
    expect(withAutolog).toEqual(without);
    await once(holder, 'exit');
    await flush();
    expect((await searchTraces({})).traces.length).toBeGreaterThanOrEqual(13);
  });
});
