// Errors crossing between a LocalStore's worker thread and the app's thread:
// structured clone keeps an Error's message but not its class, code or fields.
import {
  AlreadyExistsError,
  AssayError,
  ConflictError,
  InvalidParameterError,
  NotFoundError,
  SearchSyntaxError,
  StoreBusyError,
  StoreDamagedError,
  type AssayErrorCode,
} from '@assay/core';
import { StoreServedError } from './store-served-error.js';

/** An error as it crosses threads: enough to build the same error class again. */
export interface SerializedError {
  /** The error's name (its class, for Assay's errors). */
  name: string;
  /** Its message. */
  message: string;
  /** Its Assay error code, for an AssayError. */
  code?: AssayErrorCode;
  /** Its stack, as the host saw it. */
  stack?: string;
  /** Its own fields beyond those (a StoreBusyError's holder, ...). */
  fields: Record<string, unknown>;
  /** Its cause, serialized the same way. */
  cause?: SerializedError;
}

const STANDARD_FIELDS = new Set(['name', 'message', 'code', 'stack', 'cause']);

/** An error (or any thrown value) as data that structured clone carries intact. */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error) && !AssayError.isInstance(error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (STANDARD_FIELDS.has(key)) continue;
    try {
      fields[key] = structuredClone(value);
    } catch {
      fields[key] = String(value);
    }
  }
  const serialized: SerializedError = { name: error.name, message: error.message, fields };
  if (AssayError.isInstance(error)) serialized.code = error.code;
  if (error.stack !== undefined) serialized.stack = error.stack;
  if (error.cause !== undefined && depth < 4) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

type ErrorClass = new (message: string, options: never) => AssayError;

/** The Assay error classes a store throws, by name (ConflictError shares InvalidParameterError's code, so the name decides). */
const ERROR_CLASSES: Record<string, ErrorClass> = {
  InvalidParameterError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  StoreBusyError,
  StoreDamagedError,
  StoreServedError: StoreServedError as unknown as ErrorClass,
  SearchSyntaxError,
};

/** The error again, as the same class with the same code, message, fields and cause. */
export function deserializeError(serialized: SerializedError): Error {
  const cause = serialized.cause === undefined ? undefined : deserializeError(serialized.cause);
  const options = { ...serialized.fields, ...(cause !== undefined ? { cause } : {}) } as never;
  const ErrorClass = ERROR_CLASSES[serialized.name];
  let error: Error;
  if (ErrorClass !== undefined && serialized.code !== undefined) error = new ErrorClass(serialized.message, options);
  else if (serialized.code !== undefined) {
    error = new AssayError(serialized.code, serialized.message, cause !== undefined ? { cause } : {});
    error.name = serialized.name;
  } else {
    error = new Error(serialized.message, cause !== undefined ? { cause } : undefined);
    error.name = serialized.name;
  }
  for (const [key, value] of Object.entries(serialized.fields)) {
    if (!(key in error)) Object.defineProperty(error, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
