import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '@assay/core';
import { EndpointError } from './endpoint-error.js';

/** Options of `postJson`. */
export interface PostJsonOptions {
  /** The full URL, e.g. `https://api.openai.com/v1/embeddings`. */
  url: string;
  /** The JSON body. */
  body: unknown;
  /** Sent as `Authorization: Bearer <apiKey>` when given. */
  apiKey?: string;
  /** The fetch implementation; default the global one. */
  fetch?: typeof fetch;
  /** Retries after the first attempt on 408/409/429/5xx, timeouts and network errors. Default 3. */
  maxRetries?: number;
  /** Milliseconds one attempt may take. Default 60 000. */
  timeoutMs?: number;
  /** Cancels the call, including a pending retry. */
  signal?: AbortSignal;
}

const RETRYABLE_STATUSES = new Set([408, 409, 429]);
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 8_000;

function truncate(text: string, limit = 300): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** The wait a `retry-after-ms` or `retry-after` (seconds or HTTP date) header asks for, capped; undefined without one. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.min(milliseconds, MAX_RETRY_AFTER_MS);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

function backoffMs(attempt: number): number {
  // Exponential with jitter (0.5x-1x) so that parallel callers do not retry in lockstep.
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function errorDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; type?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.error && typeof parsed.error.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the raw text says it best.
  }
  return truncate(text.trim());
}

/**
 * POSTs JSON and returns the parsed JSON answer, retrying rate limits (429),
 * server errors (5xx), timeouts and network errors with exponential backoff,
 * honouring `retry-after`. Fails with an {@link EndpointError} that names the
 * URL, the status and the server's message.
 */
export async function postJson(options: PostJsonOptions): Promise<unknown> {
  const { url, body, apiKey, signal } = options;
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  const maxRetries = options.maxRetries ?? 3;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const payload = JSON.stringify(body);
  let lastProblem = '';
  let lastStatus: number | undefined;
  let lastCause: unknown;

  for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
    signal?.throwIfAborted();
    let wait: number | undefined;
    const attemptSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetchImplementation(url, { method: 'POST', headers, body: payload, signal: attemptSignal });
      const text = await response.text();
      if (response.ok) {
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          throw new EndpointError(`POST ${url} answered HTTP ${response.status} with a body that is not JSON: ${truncate(text)}`, {
            url,
            status: response.status,
            cause: error,
          });
        }
      }
      lastStatus = response.status;
      lastProblem = `HTTP ${response.status}: ${errorDetail(text)}`;
      if (!RETRYABLE_STATUSES.has(response.status) && response.status < 500) {
        throw new EndpointError(`POST ${url} failed with ${lastProblem}`, { url, status: response.status });
      }
      wait = retryAfterMs(response.headers);
    } catch (error) {
      if (error instanceof EndpointError) throw error;
      if (signal?.aborted) throw signal.reason;
      lastCause = error;
      lastStatus = undefined;
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      lastProblem = timedOut ? `no answer within ${timeoutMs} ms` : `${errorMessage(error)}${cause}`;
    }
    if (attempt < maxRetries) await sleep(wait ?? backoffMs(attempt), undefined, signal ? { signal } : undefined);
  }
  const attempts = maxRetries + 1;
  throw new EndpointError(`POST ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${lastProblem}`, {
    url,
    ...(lastStatus === undefined ? {} : { status: lastStatus }),
    cause: lastCause,
  });
}
