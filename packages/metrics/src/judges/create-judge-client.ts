import { InvalidParameterError } from '@assay/core';
import { EndpointError } from '../http/endpoint-error.js';
import { postJson } from '../http/post-json.js';
import { resolveEndpoint } from '../http/resolve-endpoint.js';

/** Options of `createJudgeClient`. */
export interface JudgeClientOptions {
  /** Default `process.env.OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Default `process.env.OPENAI_API_KEY`; sent as a bearer token when set. */
  apiKey?: string;
  /** The judge model, e.g. `gpt-4.1-mini`. */
  model: string;
  /** Sampling temperature. Default 0, for repeatable grades. */
  temperature?: number;
  /** The fetch implementation; default the global one. */
  fetch?: typeof fetch;
  /** Retries on 429/5xx/timeouts/network errors. Default 3. */
  maxRetries?: number;
  /** Milliseconds one request may take. Default 60 000. */
  timeoutMs?: number;
}

/** One chat message. */
export interface JudgeMessage {
  /** Who speaks. */
  role: 'system' | 'user' | 'assistant';
  /** The text. */
  content: string;
}

/** A request to the judge model. */
export interface JudgeRequest {
  /** The conversation so far. */
  messages: readonly JudgeMessage[];
  /** Ask for a JSON object (`response_format: { type: 'json_object' }`). Default true. */
  json?: boolean;
  /** Cancels the call. */
  signal?: AbortSignal;
}

/** A minimal OpenAI-compatible chat client for judges. */
export interface JudgeClient {
  /** The judge model. */
  readonly model: string;
  /** The chat completions URL, for messages. */
  readonly url: string;
  /** Sends the conversation; resolves to the assistant's text ('' when it sent none). */
  complete(request: JudgeRequest): Promise<string>;
}

/**
 * A tiny OpenAI-compatible chat completions client on plain `fetch` (no
 * `openai` dependency) for LLM-as-judge metrics: temperature 0 by default,
 * retries with exponential backoff on 429/5xx (honouring `retry-after`), a
 * timeout per request, and errors that name the endpoint.
 *
 * @example
 * const client = createJudgeClient({ model: 'gpt-4.1-mini' });
 * const text = await client.complete({ messages: [{ role: 'user', content: 'Answer in JSON: {"ok": true}' }] });
 */
export function createJudgeClient(options: JudgeClientOptions): JudgeClient {
  if (typeof options?.model !== 'string' || options.model === '') throw new InvalidParameterError('createJudgeClient: model is required, e.g. gpt-4.1-mini.');
  const temperature = options.temperature ?? 0;
  if (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= 2)) {
    throw new InvalidParameterError(`createJudgeClient: temperature must be a number from 0 to 2, got ${String(temperature)}.`);
  }
  const { baseURL, apiKey } = resolveEndpoint(options, 'createJudgeClient');
  const url = `${baseURL}/chat/completions`;
  return {
    model: options.model,
    url,
    async complete(request) {
      const answer = await postJson({
        url,
        body: {
          model: options.model,
          messages: request.messages,
          temperature,
          ...(request.json === false ? {} : { response_format: { type: 'json_object' } }),
        },
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
      const choice = (answer as { choices?: { message?: { content?: unknown; refusal?: unknown } }[] } | null)?.choices?.[0];
      if (choice?.message === undefined) throw new EndpointError(`POST ${url} answered without choices[0].message.`, { url });
      const { content, refusal } = choice.message;
      if (typeof content === 'string') return content;
      if (typeof refusal === 'string' && refusal !== '') return refusal;
      return '';
    },
  };
}
