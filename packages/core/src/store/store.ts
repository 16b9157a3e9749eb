import type { SpanEncoding } from '../tracing/span-encoding.js';
import type { FileInfo } from '../entities/artifact.js';
import type { DatasetInfo, DatasetSummary } from '../entities/dataset.js';
import type { EvaluationRowRecord, LogEvaluationRowsInput, ReadEvaluationRowsInput } from '../entities/evaluation-row.js';
import type { Experiment } from '../entities/experiment.js';
import type { ViewType } from '../entities/lifecycle.js';
import type { Metric, Param, Tag } from '../entities/metric.js';
import type { Page } from '../entities/page.js';
import type { Run, RunInfo, RunStatus } from '../entities/run.js';
import type { Span, Trace, TraceInfo } from '../entities/trace.js';
import type {
  CreateDatasetVersionInput,
  ExportDatasetInput,
  ImportDatasetFileInput,
  ListDatasetsInput,
  ReadDatasetRowsInput,
  RunDatasetInput,
} from './dataset-inputs.js';

export interface CreateExperimentInput {
  /** Unique experiment name. */
  name: string;
  /** Where runs of this experiment keep artifacts; the store picks one when absent. */
  artifactLocation?: string;
  tags?: Record<string, string>;
}

export interface SearchExperimentsInput {
  /** e.g. `name LIKE 'eval-%' AND tags.team = 'ml'` (also OR and parentheses). */
  filter?: string;
  /** e.g. `['name ASC', 'creation_time DESC']`; default `creation_time DESC`. */
  orderBy?: string[];
  /** Page size; default 1000. */
  maxResults?: number;
  pageToken?: string;
  /** Default ACTIVE_ONLY. */
  viewType?: ViewType;
}

export interface CreateRunInput {
  experimentId: string;
  /** A caller-chosen id (32 hex chars); generated when absent. Idempotent replays reuse it. */
  runId?: string;
  /** A readable name; a random two-word name is chosen when absent. */
  runName?: string;
  /** Milliseconds since the epoch; now when absent. */
  startTime?: number;
  userId?: string;
  parentRunId?: string;
  tags?: Record<string, string>;
}

export interface UpdateRunInput {
  runId: string;
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface LogBatchInput {
  runId: string;
  metrics?: Metric[];
  params?: Param[];
  tags?: Tag[];
}

export interface SearchRunsInput {
  /** Experiments to search; at least one. */
  experimentIds: string[];
  /** MLflow's run filter plus OR and parentheses, e.g. `metrics.acc > 0.9 and params.model = 'x'`. */
  filter?: string;
  /** e.g. `['metrics.rouge1 DESC', 'attributes.start_time ASC']`; default `start_time DESC, run_id`. */
  orderBy?: string[];
  /** Page size; default 1000, at most 50,000. */
  maxResults?: number;
  pageToken?: string;
  /** Default ACTIVE_ONLY. */
  viewType?: ViewType;
}

export interface SearchRunsResult {
  runs: Run[];
  nextPageToken?: string;
}

export interface LogSpansInput {
  /** The experiment the spans' traces belong to (a trace never moves between experiments). */
  experimentId: string;
  /** Finished (or still open) spans of one or more traces; re-sending a span replaces it. */
  spans: Span[];
  /**
   * Optional, index-aligned with `spans`: each span's attribute values as
   * its producer had them, JSON text included (Assay's tracer passes them).
   * The store writes that text instead of encoding the decoded attributes
   * again, and reads from it the keys the span's attributes leave out (Assay's
   * tracer leaves them all out). It must describe the same values as the
   * span; an entry may be undefined.
   */
  encodings?: readonly (SpanEncoding | undefined)[];
}

export interface SearchTracesInput {
  /** Experiments to search; at least one. */
  experimentIds: string[];
  /** Only traces of this run. */
  runId?: string;
  /**
   * MLflow's trace filter plus OR and parentheses, e.g.
   * `trace.status = 'ERROR' and span.type = 'TOOL'`, `trace.execution_time_ms > 500`,
   * `tags.env = 'prod'`, `trace.text ILIKE '%refund%'`.
   */
  filter?: string;
  /** e.g. `['timestamp_ms DESC']` (the default), `['execution_time_ms ASC']`. */
  orderBy?: string[];
  /** Page size; default 100, at most 500. */
  maxResults?: number;
  pageToken?: string;
}

export interface SearchTracesResult {
  traces: TraceInfo[];
  nextPageToken?: string;
}

export interface DeleteTracesInput {
  experimentId: string;
  /** Delete these traces ... */
  traceIds?: string[];
  /** ... or the oldest traces that started before this time, at most `maxTraces` of them. */
  maxTimestampMillis?: number;
  maxTraces?: number;
}

/** The answer of a read-only SQL query. */
export interface SqlResult {
  columns: { name: string; type: string }[];
  /** Rows as arrays in column order; BIGINTs that fit are numbers, others strings. */
  rows: unknown[][];
}

/**
 * Everything Assay persists goes through this one contract. `@assay/store`
 * implements it on DuckDB; the SDK's HTTP client implements it against an
 * Assay server. One contract test suite runs against every implementation.
 *
 * Errors are `AssayError`s: `NotFoundError` for unknown ids,
 * `InvalidParameterError` for bad input, `AlreadyExistsError` for taken names.
 */
export interface Store {
  /** Creates an experiment and returns its id. Throws AlreadyExistsError if the name is taken (even by a deleted one). */
  createExperiment(input: CreateExperimentInput): Promise<string>;
  /** Throws NotFoundError for an unknown id. */
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Returns undefined when no experiment (active or deleted) has this name. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  searchExperiments(input?: SearchExperimentsInput): Promise<Page<Experiment>>;
  /** Renames an experiment. */
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  /** Soft-deletes an experiment and its runs (lifecycle `deleted`). */
  deleteExperiment(experimentId: string): Promise<void>;
  /** Undoes deleteExperiment, restoring the runs it deleted. */
  restoreExperiment(experimentId: string): Promise<void>;
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  /** Creates a run in status RUNNING. Throws NotFoundError for an unknown or deleted experiment. */
  createRun(input: CreateRunInput): Promise<Run>;
  /** Changes status, end time or name and returns the new info. */
  updateRun(input: UpdateRunInput): Promise<RunInfo>;
  /** Throws NotFoundError for an unknown id; deleted runs are returned with lifecycleStage `deleted`. */
  getRun(runId: string): Promise<Run>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  /**
   * Logs metrics, params and tags to one run atomically. Re-logging a param
   * with the same value is a no-op; with a different value it is a ConflictError
   * and nothing of the batch is written.
   */
  logBatch(input: LogBatchInput): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  /** Every point of one metric, ordered by step, then timestamp. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;
  searchRuns(input: SearchRunsInput): Promise<SearchRunsResult>;

  /**
   * Stores spans and brings their traces' summaries up to date: the root span
   * decides name, state, request time, duration and previews; token usage is
   * summed over spans without an ancestor that has usage; root-span attributes
   * carry session, user, tags, metadata and the run. Idempotent per span.
   */
  logSpans(input: LogSpansInput): Promise<void>;
  /** Throws NotFoundError for an unknown trace id. */
  getTrace(traceId: string): Promise<Trace>;
  searchTraces(input: SearchTracesInput): Promise<SearchTracesResult>;
  /** Deletes traces and their spans; returns how many traces were deleted. */
  deleteTraces(input: DeleteTracesInput): Promise<number>;
  setTraceTag(traceId: string, key: string, value: string): Promise<void>;
  deleteTraceTag(traceId: string, key: string): Promise<void>;

  /** Writes one artifact file (creating folders); `path` is relative to the run's artifact root. */
  putArtifact(runId: string, path: string, data: Uint8Array): Promise<void>;
  /** Reads one artifact file. Throws NotFoundError when absent. */
  getArtifact(runId: string, path: string): Promise<Uint8Array>;
  /** Lists the direct children of `path` (the root when absent). */
  listArtifacts(runId: string, path?: string): Promise<FileInfo[]>;

  /**
   * Stores rows as a new immutable version of a dataset (version 1 for a new
   * name) and returns it. The store computes the digest (SHA-256 over the
   * canonical rows, see DatasetInfo.digest). When the latest version already
   * has this digest, that version is returned and nothing is written (MLflow
   * also identifies datasets by digest): re-running a script does not pile up
   * identical versions.
   */
  createDatasetVersion(input: CreateDatasetVersionInput): Promise<DatasetInfo>;
  /**
   * Like createDatasetVersion, with rows read from a JSONL, CSV or Parquet file
   * by DuckDB's own readers (the rows never pass through JavaScript as a whole).
   * Throws InvalidParameterError for a missing file, an unknown format or a file without rows.
   */
  importDatasetFile(input: ImportDatasetFileInput): Promise<DatasetInfo>;
  /** Writes one dataset version to a JSONL or Parquet file and returns how many rows were written. */
  exportDataset(input: ExportDatasetInput): Promise<{ path: string; rowCount: number }>;
  /** One version of a dataset, the latest when `version` is absent. Throws NotFoundError for an unknown name or version. */
  getDataset(name: string, version?: number): Promise<DatasetInfo>;
  /** The latest version of every dataset, by name, with its number of versions. */
  listDatasets(input?: ListDatasetsInput): Promise<Page<DatasetSummary>>;
  /** A page of one dataset version's rows, in their original order. */
  readDatasetRows(input: ReadDatasetRowsInput): Promise<Record<string, unknown>[]>;
  /**
   * Records that a run used these dataset versions (MLflow's log-inputs).
   * Logging the same version with the same context twice is a no-op. Throws
   * NotFoundError for an unknown run or dataset version.
   */
  logRunInputs(runId: string, inputs: RunDatasetInput[]): Promise<void>;

  /**
   * Stores an evaluation's per-row results for a run (the `evaluation_rows`
   * table); a row logged again for the same run and index replaces the old
   * one. Buffered like other run writes (spooled when the store is busy).
   * InvalidParameterError for a malformed row, NotFoundError for an unknown run.
   */
  logEvaluationRows(input: LogEvaluationRowsInput): Promise<void>;

  /** An evaluation's rows for a run, by row index. */
  readEvaluationRows(input: ReadEvaluationRowsInput): Promise<EvaluationRowRecord[]>;

  /** Runs one read-only SQL statement over the store's tables; writes are rejected. */
  sql(query: string): Promise<SqlResult>;

  /** Makes every acknowledged write durable and visible to other processes. */
  flush(): Promise<void>;
  /** Flushes and releases files, locks and connections. The store is unusable afterwards. */
  close(): Promise<void>;
}
