import {
  InvalidParameterError,
  NotFoundError,
  type LogBatchOperation,
  type LogEvaluationRowsOperation,
  type LogSpansOperation,
  type NewRun,
  type RunStatus,
} from '@assay/core';
import type { RunSummary } from '../summary/run-summary.js';

/** What applyWrites knows and has changed about one run while it applies a list of writes. */
export interface RunState {
  /** The run's integer key (schema 8), written beside its id in every table the run search joins. */
  runKey: number;
  /** The run's experiment. */
  experimentId: string;
  /** `active` or `deleted`, as stored. */
  lifecycleStage: string;
  /** Set when this list of writes creates the run (it is then appended whole at the end). */
  created?: NewRun;
  /** The run's params, tags and latest metrics, as they will be stored. */
  summary: RunSummary;
  /** The summary changed and must be written back. */
  dirty: boolean;
  /** A new status, if any. */
  status?: RunStatus;
  /** A new end time, if any. */
  endTime?: number;
  /** A new name, if any. */
  runName?: string;
  /** Tag keys set or deleted (existing runs only). */
  changedTags: Set<string>;
  /** Metric keys whose latest point changed (existing runs only). */
  changedLatest: Set<string>;
}

/**
 * The state one applyWrites call builds up: the runs and experiments its
 * operations refer to, as loaded, and what its accepted operations leave to
 * be written in bulk. Operation handlers (`operations/`) check an operation
 * against it and throw before changing anything, so a rejected operation
 * leaves no trace.
 */
export interface WriteState {
  /** Every run the operations refer to that exists or is created, by id. */
  readonly runs: Map<string, RunState>;
  /** The referenced experiments that exist and are active. */
  readonly activeExperiments: ReadonlySet<string>;
  /** Experiments named by spooled spans (LogSpansOperation.experimentName): each name's id, or 'deleted'. */
  readonly experimentsByName: ReadonlyMap<string, string>;
  /** Runs created by the operations, in order. */
  readonly newRuns: RunState[];
  /** Params logged for the first time, as [runId, key, value]. */
  readonly newParams: [string, string, string][];
  /** Accepted logBatch operations (their metric points are appended as they are). */
  readonly acceptedBatches: LogBatchOperation[];
  /** Accepted logSpans operations. */
  readonly acceptedSpans: LogSpansOperation[];
  /** Accepted logEvaluationRows operations. */
  readonly acceptedEvaluationRows: LogEvaluationRowsOperation[];
  /** The run key the next created run gets: one more than the highest stored (only loaded when the operations create runs). */
  nextRunKey: number;
}

/** An empty state over the runs and active experiments loaded for a list of operations. */
export function createWriteState({
  runs,
  activeExperiments,
  experimentsByName = new Map(),
  nextRunKey = 1,
}: Pick<WriteState, 'runs' | 'activeExperiments'> & Partial<Pick<WriteState, 'experimentsByName' | 'nextRunKey'>>): WriteState {
  return {
    runs,
    activeExperiments,
    experimentsByName,
    newRuns: [],
    newParams: [],
    acceptedBatches: [],
    acceptedSpans: [],
    acceptedEvaluationRows: [],
    nextRunKey,
  };
}

/** The state of a run that can be logged to: NotFoundError for an unknown run, InvalidParameterError for a deleted one. */
export function requireActiveRun(state: WriteState, runId: string): RunState {
  const run = state.runs.get(runId);
  if (!run) throw new NotFoundError(`Run '${runId}' not found. Check the run id, or create the run first.`);
  if (run.lifecycleStage !== 'active') {
    throw new InvalidParameterError(`Run '${runId}' is deleted; restore it (restoreRun) before logging to it.`);
  }
  return run;
}

/** Sets (or, with undefined, removes) one tag in a run's summary, marking it changed. */
export function setRunTag(run: RunState, key: string, value: string | undefined): void {
  if (value === undefined) delete run.summary.tags[key];
  else run.summary.tags[key] = value;
  run.changedTags.add(key);
  run.dirty = true;
}
