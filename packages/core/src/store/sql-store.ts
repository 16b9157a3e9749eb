/** Input of SqlStore.sql. */
export interface SqlInput {
  /** Exactly one read-only statement (SELECT, EXPLAIN, DESCRIBE, SHOW), e.g. `SELECT count(*) FROM runs`. */
  query: string;
  /**
   * Whether the query may reach outside the store's tables: files and folders
   * through DuckDB's readers (`read_csv`, `read_parquet`, `glob`, `FROM 'data.csv'` ...).
   * Default true (the `assay sql` of the store's own user); a server passes
   * false for its clients, and such a query is then refused (InvalidParameterError).
   */
  externalAccess?: boolean;
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
   *   that writes, outside access when `externalAccess` is false, or SQL the database rejects
   *   (the message carries the database's).
   */
  sql(input: SqlInput): Promise<SqlResult>;
}
