import { ConflictError, NotFoundError, type CreateRunOperation } from '@assay/core';
import { emptySummary } from '../../summary/run-summary.js';
import type { RunState, WriteState } from '../write-state.js';

/**
 * Accepts a createRun: a replay (the run exists in the same experiment) is a
 * no-op; ConflictError when the id exists in another experiment;
 * NotFoundError when the experiment is unknown or deleted.
 */
export function applyCreateRun(state: WriteState, { run }: CreateRunOperation): void {
  const known = state.runs.get(run.runId);
  if (known) {
    if (known.experimentId !== run.experimentId) {
      throw new ConflictError(`Run id '${run.runId}' already exists in experiment '${known.experimentId}'.`);
    }
    return; // a replayed create: already applied
  }
  if (!state.activeExperiments.has(run.experimentId)) {
    throw new NotFoundError(`Experiment '${run.experimentId}' does not exist or is deleted; create or restore it before starting runs in it.`);
  }
  const created: RunState = {
    runKey: state.nextRunKey,
    experimentId: run.experimentId,
    lifecycleStage: 'active',
    created: run,
    summary: emptySummary(),
    dirty: true,
    changedTags: new Set(),
    changedLatest: new Set(),
  };
  for (const tag of run.tags) created.summary.tags[tag.key] = tag.value;
  state.nextRunKey += 1;
  state.runs.set(run.runId, created);
  state.newRuns.push(created);
}
