// An in-process stand-in for the OpenAI HTTP API, passed to clients as their
// `fetch`: fixed answers for span-shape tests and the autolog benchmark.
// (End-to-end tests use the real mock server over HTTP instead.)

/** What the stub answers: the default, or a forced error status. */
export interface StubOptions {
  /** Answer every request with this HTTP status and an OpenAI error body. */
  failWith?: number;
  /** Tool calls instead of text in chat answers. */
  toolCalls?: boolean;
}

const HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_stub' };

function lastUserText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as { role?: string; content?: unknown }[]) : [];
  const input = body['input'];
  if (typeof input === 'string') return input;
  const last = [...messages].reverse().find((message) => message.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}

function chatCompletion(body: Record<string, unknown>, options: StubOptions): unknown {
  const message = options.toolCalls
    ? {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      }
    : { role: 'assistant', content: `Echo: ${lastUserText(body)}`, refusal: null };
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 1700000000,
    model: `${String(body['model'])}-2024`,
    choices: [{ index: 0, message, finish_reason: options.toolCalls ? 'tool_calls' : 'stop', logprobs: null }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  };
}

function chatChunks(body: Record<string, unknown>, options: StubOptions): unknown[] {
  const includeUsage = (body['stream_options'] as { include_usage?: boolean } | undefined)?.include_usage === true;
  const base = { id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 1700000000, model: `${String(body['model'])}-2024` };
  const usage = includeUsage ? { usage: null } : {};
  const deltas: { delta: Record<string, unknown>; finish_reason: string | null }[] = options.toolCalls
    ? [
        { delta: { role: 'assistant', content: null }, finish_reason: null },
        {
          delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
          finish_reason: null,
        },
        { delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, finish_reason: null },
        { delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish_reason: null },
        { delta: {}, finish_reason: 'tool_calls' },
      ]
    : [
        { delta: { role: 'assistant', content: '' }, finish_reason: null },
        { delta: { content: 'Echo: ' }, finish_reason: null },
        { delta: { content: lastUserText(body) }, finish_reason: null },
        { delta: {}, finish_reason: 'stop' },
      ];
  const chunks: unknown[] = deltas.map((entry) => ({ ...base, choices: [{ index: 0, ...entry, logprobs: null }], ...usage }));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } });
  return chunks;
}

function response(body: Record<string, unknown>): Record<string, unknown> {
  const text = `Echo: ${lastUserText(body)}`;
  return {
    id: 'resp_stub',
    object: 'response',
    created_at: 1700000000,
    status: 'completed',
    model: `${String(body['model'])}-2024`,
    output: [
      {
        type: 'message',
        id: 'msg_stub',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
  };
}

function responseEvents(body: Record<string, unknown>): { event: string; data: unknown }[] {
  const final = response(body);
  const inProgress = { ...final, status: 'in_progress', output: [], usage: null };
  const events: Record<string, unknown>[] = [
    { type: 'response.created', response: inProgress },
    { type: 'response.output_text.delta', item_id: 'msg_stub', output_index: 0, content_index: 0, delta: 'Echo: ' },
    { type: 'response.output_text.delta', item_id: 'msg_stub', output_index: 0, content_index: 0, delta: lastUserText(body) },
    { type: 'response.completed', response: final },
  ];
  return events.map((event, index) => ({ event: String(event['type']), data: { ...event, sequence_number: index } }));
}

function embeddings(body: Record<string, unknown>): unknown {
  const inputs = Array.isArray(body['input']) ? (body['input'] as unknown[]) : [body['input']];
  const vector = new Float32Array([0.5, -0.25, 0.125, 1]);
  const embedding = body['encoding_format'] === 'base64' ? Buffer.from(vector.buffer).toString('base64') : [...vector];
  return {
    object: 'list',
    model: String(body['model']),
    data: inputs.map((_, index) => ({ object: 'embedding', index, embedding })),
    usage: { prompt_tokens: 4, total_tokens: 4 },
  };
}

function sse(items: { event?: string; data: unknown }[]): Response {
  const text = items.map((item) => `${item.event ? `event: ${item.event}\n` : ''}data: ${JSON.stringify(item.data)}\n\n`).join('');
  return new Response(`${text}data: [DONE]\n\n`, { status: 200, headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_stub' } });
}

/** A `fetch` that answers chat completions, responses and embeddings requests in process. */
export function createStubOpenAIFetch(options: StubOptions = {}): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    if (options.failWith !== undefined) {
      const error = { error: { message: `stub failure ${options.failWith}`, type: 'server_error', param: null, code: null } };
      return new Response(JSON.stringify(error), { status: options.failWith, headers: HEADERS });
    }
    if (url.endsWith('/chat/completions')) {
      if (body['stream'] === true) return sse(chatChunks(body, options).map((data) => ({ data })));
      return new Response(JSON.stringify(chatCompletion(body, options)), { status: 200, headers: HEADERS });
    }
    if (url.endsWith('/responses')) {
      if (body['stream'] === true) return sse(responseEvents(body));
      return new Response(JSON.stringify(response(body)), { status: 200, headers: HEADERS });
    }
    if (url.endsWith('/embeddings')) return new Response(JSON.stringify(embeddings(body)), { status: 200, headers: HEADERS });
    return new Response(JSON.stringify({ error: { message: 'not found' } }), { status: 404, headers: HEADERS });
  };
}
