import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
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

// Table functions that read nothing but their arguments and the catalog.
const INTERNAL_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'range', 'generate_series', 'unnest', 'json_each', 'json_tree', 'pragma_table_info', 'duckdb_tables', 'duckdb_views',
  'duckdb_columns', 'duckdb_schemas', 'duckdb_types', 'duckdb_constraints', 'duckdb_indexes', 'duckdb_functions', 'duckdb_keywords',
]);
// A table name DuckDB would read as a file (`FROM 'data.csv'`): its replacement scans need an extension or a path.
const FILE_LIKE_NAME = /[./\\:~]/u;

/** The first reach outside the store's tables in a parsed statement (DuckDB's json_serialize_sql tree), if any. */
function findExternalAccess(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findExternalAccess(child);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  if (record['type'] === 'TABLE_FUNCTION') {
    const name = String((record['function'] as { function_name?: unknown } | undefined)?.function_name ?? '');
    if (!INTERNAL_TABLE_FUNCTIONS.has(name.toLowerCase())) return `the table function ${name}()`;
  }
  if ((record['type'] === 'BASE_TABLE' || record['type'] === 'SHOW_REF') && typeof record['table_name'] === 'string' && FILE_LIKE_NAME.test(record['table_name'])) {
    return `'${record['table_name']}'`;
  }
  return findExternalAccess(Object.values(record));
}

/**
 * Refuses a statement that would read files or other outside data. DuckDB's
 * `enable_external_access` cannot do this per query: it is set per database
 * instance, once and for good, and the store's own imports and exports need
 * file access. So the statement is parsed (not bound: binding already opens
 * files) and only plain SELECTs over tables and a few internal table
 * functions pass.
 */
async function refuseExternalAccess(connection: DuckDBConnection, query: string): Promise<void> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql('${query.replaceAll("'", "''")}')`);
  const tree = JSON.parse(String(reader.getRowsJS()[0]?.[0])) as { error?: boolean; error_message?: string; statements?: unknown };
  if (tree.error === true) {
    throw new InvalidParameterError(`Only SELECT statements are allowed here (${tree.error_message ?? 'the statement could not be checked'}).`);
  }
  const found = findExternalAccess(tree.statements);
  if (found !== undefined) {
    throw new InvalidParameterError(`This query reads outside the store's tables (${found}), which is not allowed here; query the store's tables, e.g. SELECT table_name FROM information_schema.tables.`);
  }
}

/**
 * Runs one read-only statement (the query text already checked by
 * validateSqlQuery): it must parse as exactly one SELECT or EXPLAIN, and it
 * runs in a transaction that is always rolled back. Without `externalAccess`
 * it must be a SELECT that reads nothing outside the store's tables.
 */
export async function runReadOnlySql(connection: DuckDBConnection, { query, externalAccess = true }: { query: string; externalAccess?: boolean }): Promise<SqlResult> {
  let prepared: DuckDBPreparedStatement;
  try {
    const extracted = await connection.extractStatements(query);
    if (extracted.count !== 1) {
      throw new InvalidParameterError(`Give exactly one SQL statement; got ${extracted.count}.`);
    }
    if (!externalAccess) await refuseExternalAccess(connection, query);
    prepared = await extracted.prepare(0);
  } catch (error) {
    if (AssayError.isInstance(error)) throw error;
    throw new InvalidParameterError(`SQL error: ${(error as Error).message}`, { cause: error });
  }
  const { statementType } = prepared;
  if (statementType !== StatementType.SELECT && statementType !== StatementType.EXPLAIN) {
    throw new InvalidParameterError(
      `Only read-only queries (SELECT, EXPLAIN, DESCRIBE, SHOW) are allowed here; got a ${StatementType[statementType] ?? 'write'} statement.`,
    );
  }
  // Belt and braces: even a SELECT runs in a transaction that is always rolled back.
  await connection.run('BEGIN TRANSACTION');
  try {
    // The statement prepared for the check above runs as it is: the query is not parsed and planned a second time
    // (a fifth of the time of a 190-id look-up, the OTLP route's, measured in issue 13).
    const reader = await prepared.runAndReadAll();
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
