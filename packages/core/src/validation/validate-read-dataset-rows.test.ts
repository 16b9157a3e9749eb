import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateReadDatasetRows } from './validate-read-dataset-rows.js';

describe('validateReadDatasetRows', () => {
  it('fills the defaults: the latest version, 1000 rows from the first', () => {
    expect(validateReadDatasetRows({ name: 'qa' })).toEqual({ name: 'qa', limit: 1000, offset: 0 });
    expect(validateReadDatasetRows({ name: 'qa', version: 2, limit: 5, offset: 10 })).toEqual({ name: 'qa', version: 2, limit: 5, offset: 10 });
  });

  it.each([
    [{ name: 'qa', limit: 0 }, 'limit must be a whole number from 1 to 50000, got 0.'],
    [{ name: 'qa', offset: -1 }, 'offset must be a whole number from 0 to 9007199254740991, got -1.'],
    [{ name: '' }, 'Dataset name must be a non-empty string'],
    [{ name: 'qa', version: 0 }, 'Dataset version must be a whole number of at least 1, got 0.'],
  ])('rejects %j', (input, message) => {
    expect(() => validateReadDatasetRows(input)).toThrow(InvalidParameterError);
    expect(() => validateReadDatasetRows(input)).toThrow(message);
  });
});
