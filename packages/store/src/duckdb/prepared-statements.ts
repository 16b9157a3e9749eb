import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';

/**
 * Statements the write path runs in every transaction, prepared once per
 * connection. DuckDB parses, binds and plans a statement each time it is
 * run as text; for the span and trace inserts (long SELECTs that split
 * packed rows) that was most of a small transaction's cost: measured here,
 * the traces insert of a 40-trace batch took 22 ms as text, and a prepared
 * statement runs the stored plan (about a third of the time in a 10-row
 * micro-benchmark). DuckDB re-binds a prepared statement by itself when the
 * tables it reads change.
 */
const statements = new WeakMap<DuckDBConnection, Map<string, Promise<DuckDBPreparedStatement>>>();
const prepared = new WeakMap<DuckDBConnection, DuckDBPreparedStatement[]>();

function preparedOn(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let cache = statements.get(connection);
  if (cache === undefined) statements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = connection.prepare(sql);
    cache.set(sql, statement);
    void statement.then((ready) => {
      let list = prepared.get(connection);
      if (list === undefined) prepared.set(connection, (list = []));
      list.push(ready);
    }, () => undefined);
    // A statement that failed to prepare (a table not there yet) is prepared again next time.
    statement.catch(() => cache.delete(sql));
  }
  return statement;
}

async function bound(connection: DuckDBConnection, sql: string, values: readonly DuckDBValue[]): Promise<DuckDBPreparedStatement> {
  const statement = await preparedOn(connection, sql);
  if (values.length > 0) statement.bind([...values]);
  else statement.clearBindings();
  return statement;
}

/** Runs one of the write path's statements through its prepared statement (see above). */
export async function runPrepared(connection: DuckDBConnection, sql: string, values: readonly DuckDBValue[] = []): Promise<void> {
  await (await bound(connection, sql, values)).run();
}

/** runPrepared, reading the whole result. */
export async function readPrepared(connection: DuckDBConnection, sql: string, values: readonly DuckDBValue[] = []): Promise<DuckDBResultReader> {
  return (await bound(connection, sql, values)).runAndReadAll();
}

/**
 * How many search statements a connection keeps prepared. Their text varies
 * with the filter's shape (its values are parameters), so unlike the write
 * path's they are kept in a bounded cache, the least recently used destroyed
 * first. Preparing (parse, bind, plan) was ~2.5 ms of a 13 ms tag search on
 * 100,000 model versions (bench/registry).
 */
export const MAX_SEARCH_STATEMENTS = 64;

const searchStatements = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();

/**
 * Runs a search's SQL through a prepared statement kept for its text (see
 * MAX_SEARCH_STATEMENTS), reading the whole result. The connection's
 * operations run one at a time, so a statement is never evicted while it runs.
 */
export async function readSearchPrepared(connection: DuckDBConnection, sql: string, values: readonly DuckDBValue[] = []): Promise<DuckDBResultReader> {
  let cache = searchStatements.get(connection);
  if (cache === undefined) searchStatements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = await connection.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > MAX_SEARCH_STATEMENTS) {
      const [oldestSql, oldest] = cache.entries().next().value!;
      cache.delete(oldestSql);
      oldest.destroySync();
    }
  } else {
    cache.delete(sql); // re-inserted last: the most recently used
    cache.set(sql, statement);
  }
  if (values.length > 0) statement.bind([...values]);
  else statement.clearBindings();
  return statement.runAndReadAll();
}

/** Destroys a connection's prepared statements: called as it is closed. */
export function destroyPreparedStatements(connection: DuckDBConnection): void {
  statements.delete(connection);
  for (const statement of prepared.get(connection) ?? []) statement.destroySync();
  prepared.delete(connection);
  for (const statement of searchStatements.get(connection)?.values() ?? []) statement.destroySync();
  searchStatements.delete(connection);
}
