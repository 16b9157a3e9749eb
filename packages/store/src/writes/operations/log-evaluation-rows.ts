import type { LogEvaluationRowsOperation } from '@assay/core';
import { requireActiveRun, type WriteState } from '../write-state.js';

/** Accepts a logEvaluationRows for an active run. */
export function applyLogEvaluationRows(state: WriteState, operation: LogEvaluationRowsOperation): void {
  requireActiveRun(state, operation.runId);
  state.acceptedEvaluationRows.push(operation);
}
