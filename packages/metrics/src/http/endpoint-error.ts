import { AssayError } from '@assay/core';
import type { AssayErrorCode } from '@assay/core';

function codeFor(status: number | undefined): AssayErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 429) return 'REQUEST_LIMIT_EXCEEDED';
  if (status !== undefined && status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL_ERROR';
}

/** A call to a model endpoint (judge or embeddings) that failed for good; the message names the endpoint. */
export class EndpointError extends AssayError {
  /** The URL that was called. */
  readonly url: string;
  /** The last HTTP status, when there was an answer. */
  readonly status: number | undefined;

  constructor(message: string, options: { url: string; status?: number; cause?: unknown }) {
    super(codeFor(options.status), message, { cause: options.cause });
    this.name = 'EndpointError';
    this.url = options.url;
    this.status = options.status;
  }
}
