import {
  AlreadyExistsError,
  AssayError,
  InvalidParameterError,
  NotFoundError,
  StoreBusyError,
  type AssayErrorCode,
} from '@assay/core';

/** MLflow's error body, as Assay's server answers errors. */
export interface ServerErrorBody {
  error_code?: unknown;
  message?: unknown;
}

const PASSED_THROUGH = new Set<string>([
  'BAD_REQUEST',
  'RESOURCE_CONFLICT',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'NOT_IMPLEMENTED',
  'REQUEST_LIMIT_EXCEEDED',
  'INTERNAL_ERROR',
] satisfies AssayErrorCode[]);

/**
 * The server could not be reached (refused, reset, timed out) or kept
 * answering that it is unavailable, after every retry: a StoreBusyError, as
 * a local store that cannot reach its database in time. Writes that may be
 * spooled go to the spool instead of failing.
 */
export class ServerUnreachableError extends StoreBusyError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'ServerUnreachableError';
  }
}

/**
 * An error answer as the AssayError the server's Store threw (the server maps
 * errors to MLflow's codes in one place; this undoes it): the same code and
 * message, so a remote store fails as a local one does.
 */
export function errorFromBody(status: number, body: ServerErrorBody | undefined, url: string): AssayError {
  const code = typeof body?.error_code === 'string' ? body.error_code : undefined;
  const message = typeof body?.message === 'string' && body.message !== '' ? body.message : `The server at ${url} answered HTTP ${status}.`;
  switch (code) {
    case 'INVALID_PARAMETER_VALUE':
      return new InvalidParameterError(message);
    case 'RESOURCE_DOES_NOT_EXIST':
      return new NotFoundError(message);
    case 'RESOURCE_ALREADY_EXISTS':
      return new AlreadyExistsError(message);
    case 'TEMPORARILY_UNAVAILABLE':
      return new StoreBusyError(message);
    case 'ENDPOINT_NOT_FOUND':
      return new AssayError('NOT_IMPLEMENTED', `${message} Is ${url} an Assay server of this version (assay server)?`);
    case 'UNAUTHENTICATED':
      return new AssayError('UNAUTHENTICATED', `${message} Set ASSAY_TRACKING_TOKEN (an API token), or ASSAY_TRACKING_USERNAME and ASSAY_TRACKING_PASSWORD.`);
    default:
      if (code !== undefined && PASSED_THROUGH.has(code)) return new AssayError(code as AssayErrorCode, message);
      if (status === 404) return new NotFoundError(message);
      if (status === 413) return new InvalidParameterError(message);
      return new AssayError(status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', message);
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** The system error code of a failed fetch (undici wraps it: `fetch failed` with a cause). */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a failed fetch never reached the server (the connection was not made): retrying it cannot apply it twice. */
export function wasNeverSent(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** A failed fetch in a few words: its system code and message. */
export function describeNetworkError(error: unknown): string {
  if ((error as { name?: unknown })?.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return message;
}
