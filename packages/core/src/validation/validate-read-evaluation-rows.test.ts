import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateReadEvaluationRows } from './validate-read-evaluation-rows.js';

describe('validateReadEvaluationRows', () => {
  it('fills the defaults: 1000 rows from the first', () => {
    expect(validateReadEvaluationRows({ runId: 'r' })).toEqual({ runId: 'r', limit: 1000, offset: 0 });
    expect(validateReadEvaluationRows({ runId: 'r', limit: 50_000, offset: 7 })).toEqual({ runId: 'r', limit: 50_000, offset: 7 });
  });

  it.each([
    [{ limit: 0 }, 'limit must be a whole number from 1 to 50,000, got 0.'],
    [{ limit: 50_001 }, 'limit must be a whole number from 1 to 50,000, got 50001.'],
    [{ offset: -1 }, 'offset must be a whole number (0 or more), got -1.'],
    [{ offset: 0.5 }, 'offset must be a whole number (0 or more), got 0.5.'],
  ])('rejects %j', (paging, message) => {
    expect(() => validateReadEvaluationRows({ runId: 'r', ...paging })).toThrow(InvalidParameterError);
    expect(() => validateReadEvaluationRows({ runId: 'r', ...paging })).toThrow(message);
  });
});
