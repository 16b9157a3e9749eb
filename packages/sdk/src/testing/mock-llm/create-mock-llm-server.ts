import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidParameterError } from '@assay/core';
import { chatCompletionsRoute } from './chat-completions-route.js';
import { createAnswerSelector } from './create-answer-selector.js';
import type { AnswerSelector } from './create-answer-selector.js';
import { embeddingsRoute } from './embeddings-route.js';
import { parseMockAnswerRule } from './load-mock-rules.js';
import { parseMockScriptEntry } from './load-mock-script.js';
import { MockHttpError } from './mock-http-error.js';
import type { MockFailure, MockFailureKind, MockLlmOptions } from './mock-llm-options.js';
import { responsesRoute } from './responses-route.js';
import { CREATED_AT } from './route-result.js';
import type { RouteContext, RouteResult } from './route-result.js';

/** One request the server received, in arrival order. */
export interface RecordedMockRequest {
  /** `GET`, `POST` ... */
  method: string;
  /** The URL path without the query, e.g. `/v1/chat/completions`. */
  path: string;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** The request headers, names in lower case (repeated headers joined by `, `). */
  headers: Record<string, string>;
}

/** A running mock LLM server. */
export interface MockLlmServer {
  /** `http://127.0.0.1:<port>` (the host as bound). */
  readonly url: string;
  /** `url + '/v1'`: the `baseURL` of an OpenAI client. */
  readonly baseURL: string;
  /** The requests received so far, in order (also those answered with an injected failure). */
  readonly requests: RecordedMockRequest[];
  /** Stops the server: open connections (hung requests, streams) are destroyed; resolves once it is closed. */
  close(): Promise<void>;
}

/** The request header that forces a failure on one request: `429`, `500` (any status), `hang` or `reset`. */
export const MOCK_FAIL_HEADER = 'x-mock-fail';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const FAILURE_KINDS: readonly MockFailureKind[] = ['status', 'hang', 'reset'];

type Route = (context: RouteContext) => RouteResult;

const POST_ROUTES: Readonly<Record<string, Route>> = {
  '/v1/chat/completions': chatCompletionsRoute,
  '/v1/responses': responsesRoute,
  '/v1/embeddings': embeddingsRoute,
};

interface ActiveFailure {
  failure: MockFailure;
  remaining: number;
}

interface ChosenFailure {
  kind: MockFailureKind;
  status: number;
  retryAfterSeconds: number;
}

function requireNonNegative(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0) throw new InvalidParameterError(`${name} must be a number of milliseconds (0 or more), got ${value}.`);
  return value;
}

function validateFailure(failure: MockFailure, where: string): ActiveFailure {
  const kind = failure.kind ?? 'status';
  if (!FAILURE_KINDS.includes(kind)) throw new InvalidParameterError(`${where}.kind must be one of ${FAILURE_KINDS.join(', ')}, got ${String(kind)}.`);
  if (failure.status !== undefined && !(Number.isInteger(failure.status) && failure.status >= 400 && failure.status <= 599)) {
    throw new InvalidParameterError(`${where}.status must be an HTTP error status (400-599), got ${failure.status}.`);
  }
  if (failure.times !== undefined && !(Number.isInteger(failure.times) && failure.times >= 1)) {
    throw new InvalidParameterError(`${where}.times must be a whole number of at least 1, got ${failure.times}.`);
  }
  if (failure.path !== undefined && !failure.path.startsWith('/')) throw new InvalidParameterError(`${where}.path must start with '/', got ${failure.path}.`);
  return { failure, remaining: failure.times ?? Number.POSITIVE_INFINITY };
}

function parseFailHeader(value: string): ChosenFailure {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'hang' || trimmed === 'reset') return { kind: trimmed, status: 0, retryAfterSeconds: 0 };
  const status = /^\d{3}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (status >= 400 && status <= 599) return { kind: 'status', status, retryAfterSeconds: 0 };
  throw new MockHttpError(400, `Invalid ${MOCK_FAIL_HEADER} header ${JSON.stringify(value)}: expected an HTTP error status (e.g. 429, 500), hang or reset.`);
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading past the limit (discarding) so the client gets the 413 instead of a broken pipe.
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (response.destroyed || response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function sendError(response: ServerResponse, error: MockHttpError): void {
  sendJson(response, error.status, error.toBody(), error.headers);
}

/**
 * Starts an OpenAI-compatible mock LLM server on node:http, for offline
 * demos and tests: `/v1/chat/completions` (plain and streamed, tool calls,
 * JSON output), `/v1/responses` (plain and streamed), `/v1/embeddings`,
 * `GET /v1/models` and `GET /health`. Answers are deterministic: scripted,
 * by rules, or `Echo: <last user message>`, shaped to the request: a tool
 * call when `tool_choice` requires one (arguments generated from the tool's
 * JSON schema), JSON when `response_format`/`text.format` asks for it (an
 * instance of the schema, or the prompt's `{"score": <...>}`-style template
 * filled in, so LLM judges score); failures (error statuses, hangs,
 * resets) can be injected by options or per request with the `x-mock-fail`
 * header. Binds 127.0.0.1 on an ephemeral port by default.
 *
 * @example
 * const server = await createMockLlmServer();
 * const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'mock' });
 * await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'hi' }] });
 * await server.close();
 */
export async function createMockLlmServer(options: MockLlmOptions = {}): Promise<MockLlmServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidParameterError(`port must be a whole number from 0 to 65535, got ${port}.`);
  const latencyMs = requireNonNegative(options.latencyMs, 'latencyMs');
  const chunkDelayMs = requireNonNegative(options.chunkDelayMs, 'chunkDelayMs');
  const model = options.model ?? 'mock-gpt';
  const answers = options.answers ?? 'echo';
  if (answers !== 'echo' && !Array.isArray(answers)) throw new InvalidParameterError(`answers must be 'echo' or an array of rules { when, reply }.`);
  const rules = answers === 'echo' ? [] : answers.map((rule, index) => parseMockAnswerRule(rule, `answers[${index}]`));
  const script = (options.script ?? []).map((entry, index) => parseMockScriptEntry(entry, `script[${index}]`));
  const failures = (options.failures ?? []).map((failure, index) => validateFailure(failure, `failures[${index}]`));
  const selector: AnswerSelector = createAnswerSelector({ script, rules });
  const requests: RecordedMockRequest[] = [];
  const closing = new AbortController();
  let sequence = 0;

  function takeFailure(path: string): ChosenFailure | undefined {
    const active = failures.find(({ failure, remaining }) => remaining > 0 && (failure.path === undefined ? path.startsWith('/v1/') : failure.path === path));
    if (active === undefined) return undefined;
    active.remaining -= 1;
    return { kind: active.failure.kind ?? 'status', status: active.failure.status ?? 500, retryAfterSeconds: active.failure.retryAfterSeconds ?? 0 };
  }

  async function pause(milliseconds: number): Promise<void> {
    if (milliseconds > 0) await sleep(milliseconds, undefined, { signal: closing.signal });
  }

  async function writeResult(response: ServerResponse, result: RouteResult): Promise<void> {
    if (result.kind === 'json') {
      sendJson(response, 200, result.body, { 'x-request-id': `req_mock_${sequence}` });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': `req_mock_${sequence}` });
    for (const [index, event] of result.events.entries()) {
      if (index > 0) await pause(chunkDelayMs);
      if (response.destroyed) return;
      response.write(`${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${event.data}\n\n`);
    }
    response.end();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://mock').pathname;
    const { text, tooLarge } = await readBody(request);
    let body: unknown;
    let parseError: string | undefined;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch (error) {
        parseError = error instanceof Error ? error.message : String(error);
      }
    }
    requests.push({ method, path, body, headers: headerRecord(request) });

    const failHeader = request.headers[MOCK_FAIL_HEADER];
    const failure = typeof failHeader === 'string' ? parseFailHeader(failHeader) : takeFailure(path);
    if (failure?.kind === 'hang') return;
    await pause(latencyMs);
    if (failure?.kind === 'reset') {
      request.socket.destroy();
      return;
    }
    if (failure?.kind === 'status') {
      const message =
        failure.status === 429 ? 'Rate limit reached (injected by the Assay mock LLM server).' : `Mock failure ${failure.status} (injected by the Assay mock LLM server).`;
      const headers: Record<string, string> = failure.status === 429 || failure.status >= 500 ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      throw new MockHttpError(failure.status, message, { headers });
    }

    if (method === 'GET' && path === '/health') return sendJson(response, 200, { status: 'ok' });
    const modelObject = { id: model, object: 'model', created: CREATED_AT, owned_by: 'assay-mock' };
    if (method === 'GET' && path === '/v1/models') return sendJson(response, 200, { object: 'list', data: [modelObject] });
    if (method === 'GET' && path === `/v1/models/${model}`) return sendJson(response, 200, modelObject);
    const route = method === 'POST' ? POST_ROUTES[path] : undefined;
    if (route === undefined) {
      throw new MockHttpError(404, `Unknown request URL: ${method} ${path}. The mock serves POST /v1/chat/completions, POST /v1/responses, POST /v1/embeddings, GET /v1/models and GET /health.`);
    }
    if (tooLarge) throw new MockHttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    if (parseError !== undefined) {
      throw new MockHttpError(400, `We could not parse the JSON body of your request: ${parseError}. Send a JSON object with Content-Type: application/json.`, {
        code: 'invalid_json',
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new MockHttpError(400, `The request body must be a JSON object, got ${body === undefined ? 'no body' : Array.isArray(body) ? 'an array' : typeof body}.`, {
        code: 'invalid_json',
      });
    }
    sequence += 1;
    await writeResult(response, route({ body: body as Record<string, unknown>, sequence, selector }));
  }

  const server = createServer((request, response) => {
    response.on('error', () => {
      // The client went away; nothing to answer.
    });
    handle(request, response).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      if (error instanceof MockHttpError) return sendError(response, error);
      if (response.headersSent) return void response.destroy();
      sendError(response, new MockHttpError(500, `The mock LLM server failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
