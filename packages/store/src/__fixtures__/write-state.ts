// Builds applyWrites' in-memory state for handler tests, without a database.
import { emptySummary, type RunSummary } from '../summary/run-summary.js';
import { createWriteState, type RunState, type WriteState } from '../writes/write-state.js';

/** The state of a stored run, as applyWrites loads it. */
export function storedRun(overrides: Partial<Omit<RunState, 'summary'>> & { summary?: Partial<RunSummary> } = {}): RunState {
  const { summary, ...rest } = overrides;
  return {
    runKey: 1,
    experimentId: '0',
    lifecycleStage: 'active',
    dirty: false,
    changedTags: new Set(),
    changedLatest: new Set(),
    ...rest,
    summary: { ...emptySummary(), ...summary },
  };
}

/** A write state over these stored runs and active experiments (default: the Default experiment only). */
export function writeStateOf(runs: Record<string, RunState> = {}, activeExperiments: string[] = ['0']): WriteState {
  return createWriteState({ runs: new Map(Object.entries(runs)), activeExperiments: new Set(activeExperiments) });
}
