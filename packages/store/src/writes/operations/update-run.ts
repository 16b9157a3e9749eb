import { SYSTEM_TAGS, type UpdateRunOperation } from '@assay/core';
import { requireActiveRun, setRunTag, type WriteState } from '../write-state.js';

/** Accepts an updateRun on an active run: the new status, end time and name (with its `mlflow.runName` tag). */
export function applyUpdateRun(state: WriteState, operation: UpdateRunOperation): void {
  const run = requireActiveRun(state, operation.runId);
  if (operation.status !== undefined) run.status = operation.status;
  if (operation.endTime !== undefined) run.endTime = operation.endTime;
  if (operation.runName !== undefined) {
    run.runName = operation.runName;
    setRunTag(run, SYSTEM_TAGS.runName, operation.runName);
  }
}
