import { describe, expect, it } from 'vitest';
import type { EvaluationRowRecord } from '../entities/evaluation-row.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateLogEvaluationRows } from './validate-log-evaluation-rows.js';

const row: EvaluationRowRecord = { rowIndex: 0, inputs: { q: 'a' }, metrics: { exact: 1, judge: null } };

describe('validateLogEvaluationRows', () => {
  it('makes a logEvaluationRows operation of the very rows given', () => {
    const rows = [row, { ...row, rowIndex: 1, latencyMs: 3, traceId: 't', error: 'e' }];
    const operation = validateLogEvaluationRows({ runId: 'r', rows });
    expect(operation).toEqual({ op: 'logEvaluationRows', runId: 'r', rows });
    expect(operation.rows).toBe(rows);
  });

  it.each([
    [{ runId: '', rows: [] }, 'logEvaluationRows needs the run id in runId, got "".'],
    [{ runId: 'r', rows: {} }, 'logEvaluationRows needs rows: a list of evaluation rows.'],
    [{ runId: 'r', rows: [null] }, 'Evaluation row 0: must be an object.'],
    [{ runId: 'r', rows: [{ ...row, rowIndex: -1 }] }, 'Evaluation row 0: rowIndex must be a whole number (0 or more), got -1.'],
    [{ runId: 'r', rows: [row, row] }, 'Evaluation row 1: rowIndex 0 appears twice'],
    [{ runId: 'r', rows: [{ ...row, inputs: [] }] }, 'Evaluation row 0: inputs must be an object of input columns.'],
    [{ runId: 'r', rows: [{ ...row, metrics: { m: Number.NaN } }] }, 'Evaluation row 0: metric m must be a finite number or null, got null.'],
    [{ runId: 'r', rows: [{ ...row, latencyMs: -2 }] }, 'Evaluation row 0: latencyMs must be a number of milliseconds (0 or more), got -2.'],
    [{ runId: 'r', rows: [{ ...row, traceId: 5 }] }, 'Evaluation row 0: traceId must be a string.'],
  ])('rejects %#', (input, message) => {
    const call = (): unknown => validateLogEvaluationRows(input as never);
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(message);
  });
});
