import type { MiddlewareHandler } from 'hono';
import { otlpStatusResponse } from './encode-otlp-response.js';
import { otlpEncodingOf } from './otlp-encoding.js';

// Headers of the error answer that describe its body, which is replaced.
const BODY_HEADERS: ReadonlySet<string> = new Set(['content-type', 'content-length', 'content-encoding']);

function isMlflowErrorBody(body: unknown): body is { error_code: string; message: string } {
  return body !== null && typeof body === 'object' && typeof (body as Record<string, unknown>)['error_code'] === 'string' && typeof (body as Record<string, unknown>)['message'] === 'string';
}

/**
 * For the OTLP route: OTLP wants every 4xx and 5xx body to be a `Status`
 * message in the request's encoding. Errors raised around the route (401
 * from authentication, 403 from its access check, 404 for an unknown
 * experiment, 500) are answered as everywhere else, with MLflow's
 * `{ error_code, message }` (see toMlflowError); this re-encodes such an
 * answer as a Status, keeping its HTTP status and other headers
 * (`WWW-Authenticate`, `Retry-After`). The message keeps MLflow's code.
 */
export const otlpErrorBodies: MiddlewareHandler = async (c, next) => {
  await next();
  const answer = c.res;
  if (answer.status < 400 || !(answer.headers.get('content-type') ?? '').startsWith('application/json')) return;
  let body: unknown;
  try {
    body = await answer.clone().json();
  } catch {
    return;
  }
  if (!isMlflowErrorBody(body)) return;
  const replacement = otlpStatusResponse(otlpEncodingOf(c.req.header('content-type')) ?? 'json', answer.status, `${body.error_code}: ${body.message}`);
  for (const [name, value] of answer.headers) {
    if (!BODY_HEADERS.has(name)) replacement.headers.append(name, value);
  }
  // Cleared first: assigning over a response copies its headers, the old content length among them.
  c.res = undefined;
  c.res = replacement;
};
