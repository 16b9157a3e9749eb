import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { AssayError, InvalidParameterError, type SqlResult } from '@assay/core';

/** A DuckDB value as plain JSON-friendly data: BIGINTs that fit are numbers, others strings; dates are ISO text. */
function toPlainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item)]));
  }
  return value;
}

/**
 * Runs one read-only statement (the query text already checked by
 * validateSqlQuery): it must parse as exactly one SELECT or EXPLAIN, and it
 * runs in a transaction that is always rolled back.
 */
export async function runReadOnlySql(connection: DuckDBConnection, { query }: { query: string }): Promise<SqlResult> {
  let statementType: StatementType;
  try {
    const extracted = await connection.extractStatements(query);
    if (extracted.count !== 1) {
      throw new InvalidParameterError(`Give exactly one SQL statement; got ${extracted.count}.`);
    }
    const prepared = await extracted.prepare(0);
    statementType = prepared.statementType;
  } catch (error) {
    if (AssayError.isInstance(error)) throw error;
    throw new InvalidParameterError(`SQL error: ${(error as Error).message}`, { cause: error });
  }
  if (statementType !== StatementType.SELECT && statementType !== StatementType.EXPLAIN) {
    throw new InvalidParameterError(
      `Only read-only queries (SELECT, EXPLAIN, DESCRIBE, SHOW) are allowed here; got a ${StatementType[statementType] ?? 'write'} statement.`,
    );
  }
  // Belt and braces: even a SELECT runs in a transaction that is always rolled back.
  await connection.run('BEGIN TRANSACTION');
  try {
    const reader = await connection.runAndReadAll(query);
    const names = reader.deduplicatedColumnNames();
    const types = reader.columnTypes();
    return {
      columns: names.map((name, index) => ({ name, type: String(types[index]) })),
      rows: reader.getRowsJS().map((row) => row.map(toPlainValue)),
    };
  } catch (error) {
    throw new InvalidParameterError(`SQL error: ${(error as Error).message}`, { cause: error });
  } finally {
    await connection.run('ROLLBACK');
  }
}
