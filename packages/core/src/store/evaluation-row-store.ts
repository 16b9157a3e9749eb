import type { EvaluationRowRecord } from '../entities/evaluation-row.js';

/** Input of EvaluationRowStore.logEvaluationRows. */
export interface LogEvaluationRowsInput {
  /** The run the rows belong to; it must be active. */
  runId: string;
  /** At most 1,000,000 rows, each with its own rowIndex. */
  rows: EvaluationRowRecord[];
}

/** Input of EvaluationRowStore.readEvaluationRows. */
export interface ReadEvaluationRowsInput {
  /** The run whose rows are read. */
  runId: string;
  /** Rows per page; default 1000, at most 50,000. */
  limit?: number;
  /** Rows to skip; default 0. */
  offset?: number;
}

/**
 * An evaluation's per-row results (the `evaluation_rows` table), kept per run.
 * A store that must wait for its database (a local store held by another
 * process) throws StoreBusyError from readEvaluationRows when the wait times
 * out; logEvaluationRows never waits (it spools).
 */
export interface EvaluationRowStore {
  /**
   * Stores an evaluation's per-row results for a run; a row logged again for
   * the same run and index replaces the old one. Buffered like other run
   * writes: a store that cannot take it at once spools it, checks the run when
   * the spool is applied, and keeps a write refused then aside (the
   * `rejected_writes` table) instead of throwing.
   * @throws InvalidParameterError for a malformed row, a row index twice, too many rows, or a deleted run.
   * @throws NotFoundError for an unknown run.
   */
  logEvaluationRows(input: LogEvaluationRowsInput): Promise<void>;
  /**
   * A page of a run's evaluation rows, by row index; empty for a run without rows (or an unknown run).
   * @throws InvalidParameterError for a bad limit or offset.
   */
  readEvaluationRows(input: ReadEvaluationRowsInput): Promise<EvaluationRowRecord[]>;
}
