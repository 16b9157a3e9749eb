import { HTTPException } from 'hono/http-exception';
import { AssayError, type AssayErrorCode } from '@assay/core';
import { OPENAPI_DOCUMENT_PATH } from '../routes/api-paths.js';

/** The `error_code` values the server answers with: MLflow's, plus the one it uses for a busy store. */
export type MlflowErrorCode = Exclude<AssayErrorCode, 'STORE_BUSY' | 'STORE_DAMAGED' | 'THRESHOLD_FAILED' | 'EVALUATION_FAILED'> | 'ENDPOINT_NOT_FOUND' | 'TEMPORARILY_UNAVAILABLE';

/** MLflow's error body: `{ "error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..." }`. */
export interface MlflowErrorBody {
  error_code: MlflowErrorCode;
  message: string;
}

/** What an error becomes on the wire: an HTTP status and MLflow's error body. */
export interface MlflowErrorResponse {
  status: number;
  body: MlflowErrorBody;
}

/** HTTP status of each error code, as MLflow's server answers them (`mlflow/server/handlers.py`). */
export const MLFLOW_ERROR_STATUS: Readonly<Record<MlflowErrorCode, number>> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_CONFLICT: 409,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  NOT_IMPLEMENTED: 501,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
};

/** The message of every unexpected error: its details go to the server's log, never to the client. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error. The details are in the server log.';

/** Assay's own codes that MLflow lacks, as the MLflow code a client understands. */
function mlflowCodeOf(code: AssayErrorCode): MlflowErrorCode {
  switch (code) {
    // A local store held by another process past the wait: clients retry 503s.
    case 'STORE_BUSY':
      return 'TEMPORARILY_UNAVAILABLE';
    case 'STORE_DAMAGED':
    case 'THRESHOLD_FAILED':
    case 'EVALUATION_FAILED':
      return 'INTERNAL_ERROR';
    default:
      return code;
  }
}

/** HTTP statuses the transport itself raises (hono's HTTPException), as MLflow codes. */
function codeOfHttpStatus(status: number): MlflowErrorCode {
  if (status === 404) return 'ENDPOINT_NOT_FOUND';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 429) return 'REQUEST_LIMIT_EXCEEDED';
  if (status >= 500) return 'INTERNAL_ERROR';
  return 'BAD_REQUEST';
}

/**
 * The one place where errors become responses. An `AssayError` keeps its
 * code and message (they are written for users); an HTTPException (malformed
 * JSON, a body over the limit, a wrong Content-Type) keeps its status; any
 * other error is an INTERNAL_ERROR with a generic message, and `unexpected`
 * tells the caller to log it.
 */
export function toMlflowError(error: unknown): MlflowErrorResponse & { unexpected: boolean } {
  if (AssayError.isInstance(error)) {
    const code = mlflowCodeOf(error.code);
    const message = code === 'INTERNAL_ERROR' && error.code === 'INTERNAL_ERROR' ? INTERNAL_ERROR_MESSAGE : error.message;
    return { status: MLFLOW_ERROR_STATUS[code], body: { error_code: code, message }, unexpected: code === 'INTERNAL_ERROR' };
  }
  if (error instanceof HTTPException && error.status < 500) {
    // 415 (Unsupported Media Type) is a 400 in MLflow, as every other bad request.
    const status = error.status === 415 ? 400 : error.status;
    return { status, body: { error_code: codeOfHttpStatus(status), message: transportMessage(error) }, unexpected: false };
  }
  return { status: 500, body: { error_code: 'INTERNAL_ERROR', message: INTERNAL_ERROR_MESSAGE }, unexpected: true };
}

function transportMessage(error: HTTPException): string {
  if (error.status === 415) return "Bad request: the Content-Type must be 'application/json'.";
  if (error.status === 400 && /malformed json/i.test(error.message)) return 'Bad request: the body is not valid JSON.';
  return error.message === '' ? `Bad request (HTTP ${error.status}).` : error.message;
}

/** The answer to a method and path no route serves. */
export function endpointNotFound(method: string, path: string): MlflowErrorResponse {
  return {
    status: 404,
    body: { error_code: 'ENDPOINT_NOT_FOUND', message: `No endpoint ${method} ${path}. The OpenAPI document at ${OPENAPI_DOCUMENT_PATH} lists every route.` },
  };
}
