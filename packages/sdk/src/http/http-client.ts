import { AssayError } from '@assay/core';
import { backoffDelayMs, resolveRetryOptions, retryAfterMs, sleep, type RetryOptions } from './retry-policy.js';
import { describeNetworkError, errorFromBody, ServerUnreachableError, wasNeverSent, type ServerErrorBody } from './server-errors.js';

/** A query string's values: a list repeats its key (`order_by=a&order_by=b`); undefined leaves it out. */
export type QueryValues = Record<string, string | number | readonly string[] | undefined>;

/** One request to the server. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path from the server's root, e.g. `/api/2.0/mlflow/runs/get` (already percent-encoded). */
  path: string;
  query?: QueryValues;
  /** A JSON body (sent as `application/json`). */
  json?: unknown;
  /** A JSON body already serialised. */
  jsonText?: string;
  /** Any other body, made again for each try (a file stream cannot be read twice), with its content type. */
  body?: { make: () => NonNullable<RequestInit['body']>; contentType: string };
  /**
   * Whether the request may be sent again after a failure that leaves it
   * unknown whether it was applied (a reset connection, a timeout, a 502 or
   * 504): reads and writes made idempotent. Any request is tried again when
   * it surely never reached the server (the connection was refused) or was
   * refused unapplied (429, 503).
   */
  idempotent: boolean;
  /** Keeps the process alive while it waits between tries; false for background work nobody awaits. Default true. */
  keepAlive?: boolean;
  /** Overrides the client's retries for this request (e.g. one try for a background replay that has its own schedule). */
  retry?: RetryOptions;
  /** Milliseconds before a try is abandoned; 0 for none (a large file). Default the client's. */
  timeoutMs?: number;
}

/** Options of HttpClient. */
export interface HttpClientOptions {
  /** The server's URL, e.g. `http://127.0.0.1:5000` (no trailing slash). */
  url: string;
  /** Headers of every request (`Authorization`). */
  headers: Record<string, string>;
  /** The fetch to use. */
  fetch: typeof globalThis.fetch;
  /** Milliseconds before a try is abandoned. */
  timeoutMs: number;
  retry?: RetryOptions;
}

/** Statuses that mean the request was not processed and may be sent again as it is. */
const REFUSED_UNAPPLIED = new Set([429, 503]);
/** Statuses of a proxy in front of the server: the request may or may not have reached it. */
const GATEWAY_FAILURES = new Set([502, 504]);

/**
 * Sends requests to an Assay server: its URL and auth headers, JSON in and
 * out, errors turned back into the AssayErrors the server's Store threw, and
 * retries with exponential backoff and jitter on network errors, 429 and 503
 * (honouring `Retry-After`), and 502/504, as far as each request is safe to
 * send again (see HttpRequest.idempotent). When the server stays out of
 * reach, a ServerUnreachableError says so.
 */
export class HttpClient {
  readonly url: string;
  private readonly retry: Required<RetryOptions>;

  constructor(private readonly options: HttpClientOptions) {
    this.url = options.url;
    this.retry = resolveRetryOptions(options.retry);
  }

  /** The request's answer when it is a success (2xx); throws the AssayError of an error answer, or ServerUnreachableError. */
  async send(request: HttpRequest): Promise<Response> {
    const retry = request.retry === undefined ? this.retry : resolveRetryOptions({ ...this.retry, ...request.retry });
    const keepAlive = request.keepAlive ?? true;
    const started = Date.now();
    let lastFailure = '';
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= retry.attempts;
      let response: Response;
      try {
        response = await this.fetchOnce(request);
      } catch (error) {
        if (AssayError.isInstance(error)) throw error;
        lastFailure = describeNetworkError(error);
        if (last || !(request.idempotent || wasNeverSent(error))) {
          throw new ServerUnreachableError(
            `The Assay server at ${this.url} cannot be reached (${lastFailure})${attempt > 1 ? ` after ${attempt} tries over ${seconds(Date.now() - started)}` : ''}. ` +
              'Check that it runs (assay server) and the tracking URI (setTrackingUri, ASSAY_TRACKING_URI).',
            { cause: error },
          );
        }
        await sleep(backoffDelayMs(attempt, retry), keepAlive);
        continue;
      }
      if (response.ok) return response;
      const retryable = REFUSED_UNAPPLIED.has(response.status) || (request.idempotent && GATEWAY_FAILURES.has(response.status));
      if (!retryable) throw await this.errorOf(response);
      if (last) {
        const error = await this.errorOf(response);
        throw new ServerUnreachableError(
          `The Assay server at ${this.url} is not taking requests (HTTP ${response.status}: ${error.message}) after ${attempt} tries over ${seconds(Date.now() - started)}.`,
          { cause: error },
        );
      }
      const wait = retryAfterMs(response.headers.get('retry-after'));
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait !== undefined ? Math.min(wait, retry.maxRetryAfterMs) : backoffDelayMs(attempt, retry), keepAlive);
    }
  }

  /** The JSON answer of a request. */
  async json<T>(request: HttpRequest): Promise<T> {
    const response = await this.send(request);
    const text = await response.text();
    try {
      return (text === '' ? {} : JSON.parse(text)) as T;
    } catch (error) {
      throw new AssayError('INTERNAL_ERROR', `The server at ${this.url} answered ${request.method} ${request.path} with something that is not JSON: '${text.slice(0, 80)}'.`, { cause: error });
    }
  }

  private fetchOnce(request: HttpRequest): Promise<Response> {
    const headers: Record<string, string> = { ...this.options.headers };
    let body: RequestInit['body'] | undefined;
    if (request.jsonText !== undefined || request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = request.jsonText ?? JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      headers['content-type'] = request.body.contentType;
      body = request.body.make();
    }
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      // A stream body needs half-duplex (Node's fetch).
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      ...(timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    };
    return this.options.fetch(`${this.url}${request.path}${queryString(request.query)}`, init);
  }

  private async errorOf(response: Response): Promise<AssayError> {
    const text = await response.text().catch(() => '');
    let body: ServerErrorBody | undefined;
    try {
      body = JSON.parse(text) as ServerErrorBody;
    } catch {
      body = text === '' ? undefined : { message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    }
    return errorFromBody(response.status, body, this.url);
  }
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** `?a=1&b=x&b=y`, or '' when there is nothing to send. */
export function queryString(query: QueryValues | undefined): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const item of value) search.append(key, item);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
