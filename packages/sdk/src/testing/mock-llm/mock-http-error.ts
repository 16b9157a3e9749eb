/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

function typeAndCode(status: number): { type: string; code: string | null } {
  if (status === 429) return { type: 'rate_limit_error', code: 'rate_limit_exceeded' };
  if (status === 401) return { type: 'authentication_error', code: 'invalid_api_key' };
  if (status === 403) return { type: 'permission_error', code: null };
  if (status === 404) return { type: 'invalid_request_error', code: 'unknown_url' };
  if (status === 503) return { type: 'server_error', code: 'service_unavailable' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}

/**
 * An error answered in OpenAI's shape. Thrown by route handlers; the server
 * turns it into the response, so bad input never crashes the server.
 */
export class MockHttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, options: { param?: string; code?: string | null; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'MockHttpError';
    const defaults = typeAndCode(status);
    this.status = status;
    this.type = defaults.type;
    this.code = options.code === undefined ? defaults.code : options.code;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }

  /** The JSON body OpenAI clients parse into their error classes. */
  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}
