import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateSqlQuery } from './validate-sql-query.js';

describe('validateSqlQuery', () => {
  it('returns the query text unchanged', () => {
    expect(validateSqlQuery({ query: ' SELECT 1 ' })).toBe(' SELECT 1 ');
  });

  it.each(['', '   \n', undefined, 42])('rejects %j with an example', (query) => {
    const call = (): unknown => validateSqlQuery({ query: query as string });
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow('Give one SQL SELECT statement, e.g. "SELECT count(*) FROM runs".');
  });
});
