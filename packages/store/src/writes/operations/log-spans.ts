import { NotFoundError, type LogSpansOperation } from '@assay/core';
import type { WriteState } from '../write-state.js';

/** Accepts a logSpans into an active experiment; NotFoundError for an unknown or deleted one. */
export function applyLogSpans(state: WriteState, operation: LogSpansOperation): void {
  if (!state.activeExperiments.has(operation.experimentId)) {
    throw new NotFoundError(
      `Experiment '${operation.experimentId}' does not exist or is deleted; create or restore it before logging traces to it.`,
    );
  }
  state.acceptedSpans.push(operation);
}
