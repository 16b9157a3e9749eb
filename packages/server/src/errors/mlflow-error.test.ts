import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, AssayError, ConflictError, InvalidParameterError, NotFoundError, StoreBusyError, StoreDamagedError, type AssayErrorCode } from '@assay/core';
import { INTERNAL_ERROR_MESSAGE, toMlflowError } from './mlflow-error.js';

describe('toMlflowError', () => {
  it("maps Assay's error classes to MLflow's codes and statuses", () => {
    const cases: [Error, number, string][] = [
      [new InvalidParameterError('bad'), 400, 'INVALID_PARAMETER_VALUE'],
      [new ConflictError('changed'), 400, 'INVALID_PARAMETER_VALUE'],
      [new AlreadyExistsError('taken'), 400, 'RESOURCE_ALREADY_EXISTS'],
      [new NotFoundError('gone'), 404, 'RESOURCE_DOES_NOT_EXIST'],
      [new StoreBusyError('busy'), 503, 'TEMPORARILY_UNAVAILABLE'],
      [new StoreDamagedError('damaged: run assay store recover', { databasePath: '/x' }), 500, 'INTERNAL_ERROR'],
    ];
    for (const [error, status, code] of cases) {
      expect(toMlflowError(error), error.name).toEqual({ status, body: { error_code: code, message: error.message }, unexpected: code === 'INTERNAL_ERROR' });
    }
  });

  it('maps every other AssayError code by MLflow\'s table', () => {
    const statuses: [AssayErrorCode, number][] = [
      ['BAD_REQUEST', 400],
      ['RESOURCE_CONFLICT', 409],
      ['PERMISSION_DENIED', 403],
      ['UNAUTHENTICATED', 401],
      ['NOT_IMPLEMENTED', 501],
      ['REQUEST_LIMIT_EXCEEDED', 429],
    ];
    for (const [code, status] of statuses) expect(toMlflowError(new AssayError(code, 'why')), code).toEqual({ status, body: { error_code: code, message: 'why' }, unexpected: false });
    expect(toMlflowError(new AssayError('INTERNAL_ERROR', 'detail'))).toEqual({ status: 500, body: { error_code: 'INTERNAL_ERROR', message: INTERNAL_ERROR_MESSAGE }, unexpected: true });
  });

  it('keeps the status of transport errors and hides every other error', () => {
    expect(toMlflowError(new HTTPException(413, { message: 'too big' }))).toEqual({ status: 413, body: { error_code: 'BAD_REQUEST', message: 'too big' }, unexpected: false });
    expect(toMlflowError(new TypeError('x is undefined'))).toEqual({ status: 500, body: { error_code: 'INTERNAL_ERROR', message: INTERNAL_ERROR_MESSAGE }, unexpected: true });
    expect(toMlflowError(new HTTPException(500, { message: 'inner' })).body.message).toBe(INTERNAL_ERROR_MESSAGE);
  });
});
