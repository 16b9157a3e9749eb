import { InvalidParameterError } from '../errors/assay-error.js';
import type { SqlInput } from '../store/sql-store.js';

/**
 * Checks that a sql input holds some SQL text; what the statement may do is
 * for the store to check, since only the database can parse it.
 * @throws InvalidParameterError for a missing or blank query.
 */
export function validateSqlQuery(input: SqlInput): string {
  const query = input?.query;
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InvalidParameterError('Give one SQL SELECT statement, e.g. "SELECT count(*) FROM runs".');
  }
  return query;
}
