/** Input of SqlStore.sql. */
export interface SqlInput {
  /** Exactly one read-only statement (SELECT, EXPLAIN, DESCRIBE, SHOW), e.g. `SELECT count(*) FROM runs`. */
  query: string;
}

/** The answer of a read-only SQL query. */
export interface SqlResult {
  /** The result's columns, in order, with their database type names. */
  columns: { name: string; type: string }[];
  /** Rows as arrays in column order; BIGINTs that fit are numbers, others strings. */
  rows: unknown[][];
}

/**
 * SQL over the store's tables, read-only. A store that must wait for its
 * database (a local store held by another process) throws StoreBusyError
 * when the wait times out.
 */
export interface SqlStore {
  /**
   * Runs one read-only SQL statement over the store's tables; it runs in a
   * transaction that is always rolled back, so nothing it does persists.
   * @throws InvalidParameterError for an empty query, more than one statement, a statement
   *   that writes, or SQL the database rejects (the message carries the database's).
   */
  sql(input: SqlInput): Promise<SqlResult>;
}
