import { InvalidParameterError } from '../errors/assay-error.js';
import type { LogEvaluationRowsInput } from '../store/evaluation-row-store.js';
import type { LogEvaluationRowsOperation } from '../store/write-operation.js';

/** Rows per logEvaluationRows call at most. */
export const MAX_EVALUATION_ROWS_PER_CALL = 1_000_000;

function fail(index: number, message: string): never {
  throw new InvalidParameterError(`Evaluation row ${index}: ${message}`);
}

/**
 * Validates a logEvaluationRows input: a run id and at most 1,000,000 well-formed rows with unique indexes.
 * @throws InvalidParameterError naming the first bad row and field.
 */
export function validateLogEvaluationRows(input: LogEvaluationRowsInput): LogEvaluationRowsOperation {
  if (typeof input?.runId !== 'string' || input.runId === '') {
    throw new InvalidParameterError(`logEvaluationRows needs the run id in runId, got ${JSON.stringify(input?.runId)}.`);
  }
  if (!Array.isArray(input.rows)) throw new InvalidParameterError('logEvaluationRows needs rows: a list of evaluation rows.');
  if (input.rows.length > MAX_EVALUATION_ROWS_PER_CALL) {
    throw new InvalidParameterError(`logEvaluationRows takes at most ${MAX_EVALUATION_ROWS_PER_CALL} rows per call, got ${input.rows.length}; split them.`);
  }
  const seen = new Set<number>();
  input.rows.forEach((row, index) => {
    if (typeof row !== 'object' || row === null) fail(index, 'must be an object.');
    if (!Number.isSafeInteger(row.rowIndex) || row.rowIndex < 0) fail(index, `rowIndex must be a whole number (0 or more), got ${JSON.stringify(row.rowIndex)}.`);
    if (seen.has(row.rowIndex)) fail(index, `rowIndex ${row.rowIndex} appears twice; each row of a run needs its own index.`);
    seen.add(row.rowIndex);
    if (typeof row.inputs !== 'object' || row.inputs === null || Array.isArray(row.inputs)) fail(index, 'inputs must be an object of input columns.');
    if (typeof row.metrics !== 'object' || row.metrics === null) fail(index, 'metrics must be an object of metric values.');
    for (const [name, value] of Object.entries(row.metrics)) {
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) fail(index, `metric ${name} must be a finite number or null, got ${JSON.stringify(value)}.`);
    }
    if (row.latencyMs !== undefined && (typeof row.latencyMs !== 'number' || !Number.isFinite(row.latencyMs) || row.latencyMs < 0)) {
      fail(index, `latencyMs must be a number of milliseconds (0 or more), got ${JSON.stringify(row.latencyMs)}.`);
    }
    for (const key of ['traceId', 'error'] as const) {
      if (row[key] !== undefined && typeof row[key] !== 'string') fail(index, `${key} must be a string.`);
    }
  });
  return { op: 'logEvaluationRows', runId: input.runId, rows: input.rows };
}
