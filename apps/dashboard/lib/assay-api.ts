import { headers } from 'next/headers';

/**
 * How pages reach the Assay server's API. Under `assay server` the handler is
 * in this process (put on globalThis under this symbol by the launcher), so a
 * page's query is a function call, not a network round trip; the browser's
 * credentials are passed along, so a page shows exactly what its user may read.
 * Under `next dev` (working on the dashboard itself), ASSAY_SERVER_URL names a
 * running server instead.
 */
export const DASHBOARD_API_KEY = Symbol.for('assay.dashboard.api');

type FetchHandler = (request: Request) => Response | Promise<Response>;

/** The credentials a page forwards to the API: whoever asked for the page. */
const FORWARDED_HEADERS = ['authorization', 'cookie', 'x-assay-user'] as const;

/** An API answer other than 2xx, with MLflow's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function handler(): FetchHandler {
  const inProcess = (globalThis as Record<symbol, unknown>)[DASHBOARD_API_KEY] as FetchHandler | undefined;
  if (inProcess) return inProcess;
  const base = process.env.ASSAY_SERVER_URL;
  if (base) return (request) => fetch(new URL(new URL(request.url).pathname + new URL(request.url).search, base), request);
  throw new ApiError(503, 'NO_SERVER', 'The dashboard runs inside `assay server`; start it with `assay ui` (or set ASSAY_SERVER_URL when running `next dev`).');
}

/** Options of {@link api}. */
export interface ApiOptions {
  /** Default GET, or POST when a body is given. */
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Query parameters (undefined values left out). */
  query?: Record<string, string | number | boolean | undefined>;
}

/** Calls the Assay server's API as the user who asked for the page; throws {@link ApiError} on an error answer. */
export async function api<T>(path: string, { method, body, query }: ApiOptions = {}): Promise<T> {
  const incoming = await headers();
  const url = new URL(path, 'http://assay.internal');
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const forwarded = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  if (body !== undefined) forwarded.set('content-type', 'application/json');
  const response = await handler()(
    new Request(url, { method: method ?? (body === undefined ? 'GET' : 'POST'), headers: forwarded, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
  );
  const text = await response.text();
  const json = text === '' ? {} : (JSON.parse(text) as unknown);
  if (!response.ok) {
    const error = json as { error_code?: string; message?: string };
    throw new ApiError(response.status, error.error_code ?? 'ERROR', error.message ?? `${response.status} ${response.statusText}`);
  }
  return json as T;
}
