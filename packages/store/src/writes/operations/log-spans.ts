import { NotFoundError, type LogSpansOperation } from '@assay/core';
import type { WriteState } from '../write-state.js';

/**
 * Accepts a logSpans into an active experiment; NotFoundError for an unknown
 * or deleted one. Spans spooled with the experiment's name go to the
 * experiment of that name (loadWriteState found or created it).
 */
export function applyLogSpans(state: WriteState, operation: LogSpansOperation): void {
  if (operation.experimentName !== undefined) {
    const experimentId = state.experimentsByName.get(operation.experimentName);
    if (experimentId === undefined || experimentId === DELETED) {
      throw new NotFoundError(`Experiment '${operation.experimentName}' is deleted; restore it to keep the traces spooled for it.`);
    }
    state.acceptedSpans.push({ ...operation, experimentId, experimentName: undefined });
    return;
  }
  if (!state.activeExperiments.has(operation.experimentId)) {
    throw new NotFoundError(
      `Experiment '${operation.experimentId}' does not exist or is deleted; create or restore it before logging traces to it.`,
    );
  }
  state.acceptedSpans.push(operation);
}

/** What experimentsByName holds for a name whose experiment is deleted. */
export const DELETED = 'deleted';
