import type { ViewType } from '../entities/lifecycle.js';
import type { Metric, Param, Tag } from '../entities/metric.js';
import type { Run, RunInfo, RunStatus } from '../entities/run.js';

/** Input of RunStore.createRun. */
export interface CreateRunInput {
  /** The experiment the run belongs to; it must be active. */
  experimentId: string;
  /** A caller-chosen id (MLflow's run id rules); 32 random hex characters when absent. Idempotent replays reuse it. */
  runId?: string;
  /** A readable name of at most 250 characters; a random two-word name when absent or empty. */
  runName?: string;
  /** Milliseconds since the epoch; now when absent. */
  startTime?: number;
  /** Who started the run (also the `mlflow.user` tag); empty when absent. */
  userId?: string;
  /** The enclosing run of a nested run (also the `mlflow.parentRunId` tag); it must exist. */
  parentRunId?: string;
  /** Run tags by key; default none (system tags are added either way). */
  tags?: Record<string, string>;
}

/** Input of RunStore.updateRun: what is absent stays as it is. */
export interface UpdateRunInput {
  /** The run to change. */
  runId: string;
  /** The new status. */
  status?: RunStatus;
  /** The new end time, integer milliseconds since the epoch. */
  endTime?: number;
  /** The new name, at most 250 characters (also the `mlflow.runName` tag). */
  runName?: string;
}

/** Names one run by id: the input of getRun, deleteRun and restoreRun. */
export interface RunIdInput {
  /** The run's id. */
  runId: string;
}

/** Input of RunStore.logBatch. */
export interface LogBatchInput {
  /** The run logged to; it must be active. */
  runId: string;
  /** Metric points; default none. */
  metrics?: Metric[];
  /** Params (written once: a param's value never changes); default none. */
  params?: Param[];
  /** Tags (a value replaces the previous one); default none. */
  tags?: Tag[];
}

/** Input of RunStore.deleteTag. */
export interface DeleteTagInput {
  /** The run whose tag is removed; it must be active. */
  runId: string;
  /** The tag's key. */
  key: string;
}

/** Input of RunStore.getMetricHistory. */
export interface GetMetricHistoryInput {
  /** The run. */
  runId: string;
  /** The metric's key. */
  key: string;
}

/** Input of RunStore.searchRuns. */
export interface SearchRunsInput {
  /** Experiments to search; at least one. Unknown ids match no runs. */
  experimentIds: string[];
  /** MLflow's run filter plus OR and parentheses, e.g. `metrics.acc > 0.9 and params.model = 'x'`; default all. */
  filter?: string;
  /** e.g. `['metrics.rouge1 DESC', 'attributes.start_time ASC']`; then `start_time DESC, run_id`. */
  orderBy?: string[];
  /** Page size from 1 to 50,000; default 1000. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged; default the first page. */
  pageToken?: string;
  /** Which lifecycle stages to include; default `ACTIVE_ONLY`. */
  viewType?: ViewType;
}

/** One page of searchRuns. */
export interface SearchRunsResult {
  /** The page's runs, in order. */
  runs: Run[];
  /** Pass back to get the next page; absent on the last page. */
  nextPageToken?: string;
}

/**
 * Runs and what they log: params, metrics and tags. A store that must wait
 * for its database (a local store held by another process) throws
 * StoreBusyError when the wait times out; its writes (createRun, updateRun,
 * logBatch, deleteTag) need no wait once it knows the run: they are then
 * spooled, checked again when the spool is applied, and a write refused at
 * that point is kept aside (the `rejected_writes` table), not thrown.
 */
export interface RunStore {
  /**
   * Creates a run in status RUNNING with its system tags (`mlflow.runName`,
   * `mlflow.user`, `mlflow.parentRunId`) and returns it. Creating a run id
   * that exists in the same experiment returns without writing (a replay).
   * @throws InvalidParameterError for a bad run id, name, start time or tag.
   * @throws NotFoundError for an unknown or deleted experiment, or an unknown parent run.
   * @throws ConflictError when the run id exists in another experiment.
   */
  createRun(input: CreateRunInput): Promise<Run>;
  /**
   * Changes a run's status, end time or name and returns its new info.
   * @throws InvalidParameterError for a bad run id, status, end time or name, or a deleted run.
   * @throws NotFoundError for an unknown run.
   */
  updateRun(input: UpdateRunInput): Promise<RunInfo>;
  /**
   * One run with its latest metrics, params, tags and dataset inputs; deleted
   * runs are returned with lifecycleStage `deleted`.
   * @throws NotFoundError for an unknown id.
   */
  getRun(input: RunIdInput): Promise<Run>;
  /**
   * Soft-deletes a run (lifecycle `deleted`); its data stays readable.
   * @throws NotFoundError for an unknown id.
   */
  deleteRun(input: RunIdInput): Promise<void>;
  /**
   * Makes a deleted run active again; a no-op for an active run.
   * @throws NotFoundError for an unknown id.
   */
  restoreRun(input: RunIdInput): Promise<void>;
  /**
   * Logs metrics, params and tags to one run atomically: all of it or none.
   * Re-logging a param with the same value is a no-op.
   * @throws InvalidParameterError for a bad key or value, a param twice in the
   *   batch with different values, or a deleted run.
   * @throws NotFoundError for an unknown run.
   * @throws ConflictError for a param logged before with a different value.
   */
  logBatch(input: LogBatchInput): Promise<void>;
  /**
   * Removes one tag of a run; a key it does not have is a no-op.
   * @throws InvalidParameterError for a bad run id or a deleted run.
   * @throws NotFoundError for an unknown run.
   */
  deleteTag(input: DeleteTagInput): Promise<void>;
  /**
   * Every point of one metric, ordered by step, then timestamp; empty for a key never logged.
   * @throws NotFoundError for an unknown run.
   */
  getMetricHistory(input: GetMetricHistoryInput): Promise<Metric[]>;
  /**
   * One page of the runs of some experiments that match a filter.
   * @throws InvalidParameterError (a SearchSyntaxError for filters and orderBy) for
   *   no experiment ids, or a bad filter, orderBy, maxResults, pageToken or viewType.
   */
  searchRuns(input: SearchRunsInput): Promise<SearchRunsResult>;
}
