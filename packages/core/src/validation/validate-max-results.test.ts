import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateMaxResults } from './validate-max-results.js';

describe('validateMaxResults', () => {
  it('falls back when absent and keeps 1 to the limit', () => {
    expect(validateMaxResults({ maxResults: undefined, fallback: 100, limit: 500 })).toBe(100);
    expect(validateMaxResults({ maxResults: 1, fallback: 100, limit: 500 })).toBe(1);
    expect(validateMaxResults({ maxResults: 500, fallback: 100, limit: 500 })).toBe(500);
  });

  it.each([0, 501, 2.5, Number.NaN])('rejects %s', (maxResults) => {
    const call = (): unknown => validateMaxResults({ maxResults, fallback: 100, limit: 500 });
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(`maxResults must be an integer between 1 and 500, got ${String(maxResults)}.`);
  });
});
