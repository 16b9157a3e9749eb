import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFoundError, type LogEvaluationRowsOperation } from '@assay/core';
import { storedRun, writeStateOf } from '../../__fixtures__/write-state.js';
import { applyLogEvaluationRows } from './log-evaluation-rows.js';

describe('applyLogEvaluationRows', () => {
  it('accepts rows of an active run and refuses unknown and deleted runs', () => {
    const state = writeStateOf({ active: storedRun(), gone: storedRun({ lifecycleStage: 'deleted' }) });
    const rows = (runId: string): LogEvaluationRowsOperation => ({ op: 'logEvaluationRows', runId, rows: [{ rowIndex: 0, inputs: {}, metrics: {} }] });
    applyLogEvaluationRows(state, rows('active'));
    expect(() => applyLogEvaluationRows(state, rows('missing'))).toThrow(NotFoundError);
    expect(() => applyLogEvaluationRows(state, rows('gone'))).toThrow(InvalidParameterError);
    expect(state.acceptedEvaluationRows).toEqual([rows('active')]);
  });
});
