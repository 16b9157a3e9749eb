import { InvalidParameterError } from '../errors/assay-error.js';
import type { ReadEvaluationRowsInput } from '../store/evaluation-row-store.js';

/** A checked readEvaluationRows input, defaults filled in. */
export interface ValidReadEvaluationRows {
  /** The run whose rows are read. */
  runId: string;
  /** Rows per page, 1 to 50,000. */
  limit: number;
  /** Rows to skip, 0 or more. */
  offset: number;
}

/**
 * Checks a readEvaluationRows input's paging and fills its defaults (1000 rows from the first).
 * @throws InvalidParameterError for a bad limit or offset.
 */
export function validateReadEvaluationRows(input: ReadEvaluationRowsInput): ValidReadEvaluationRows {
  const limit = input.limit ?? 1000;
  const offset = input.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50_000) throw new InvalidParameterError(`limit must be a whole number from 1 to 50,000, got ${limit}.`);
  if (!Number.isInteger(offset) || offset < 0) throw new InvalidParameterError(`offset must be a whole number (0 or more), got ${offset}.`);
  return { runId: String(input.runId), limit, offset };
}
