import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../entities/run.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateUpdateRun } from './validate-update-run.js';

const runId = 'a'.repeat(32);

describe('validateUpdateRun', () => {
  it('keeps only the fields given', () => {
    expect(validateUpdateRun({ runId })).toEqual({ op: 'updateRun', runId });
    expect(validateUpdateRun({ runId, status: 'FINISHED', endTime: 10, runName: 'renamed' })).toEqual({
      op: 'updateRun',
      runId,
      status: 'FINISHED',
      endTime: 10,
      runName: 'renamed',
    });
  });

  it.each([
    [{ runId: 'bad id' }, 'Invalid run id'],
    [{ runId, status: 'DONE' as RunStatus }, "Invalid run status 'DONE'; use one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED."],
    [{ runId, endTime: -5 }, 'endTime must be integer milliseconds since the epoch, got -5.'],
    [{ runId, runName: 'n'.repeat(300) }, 'exceeds the limit of 250 characters'],
  ])('rejects %j', (input, message) => {
    expect(() => validateUpdateRun(input)).toThrow(InvalidParameterError);
    expect(() => validateUpdateRun(input)).toThrow(message);
  });
});
