import type { EvaluationRowRecord } from '../entities/evaluation-row.js';
import type { Metric, Param, Tag } from '../entities/metric.js';
import type { RunStatus } from '../entities/run.js';
import type { Span } from '../entities/trace.js';
import type { PackedSpanRows } from '../tracing/packed-span-rows.js';
import type { SpanEncoding } from '../tracing/span-encoding.js';

/** A fully resolved new run: every field the runs table needs (see resolveCreateRun). */
export interface NewRun {
  /** The run's id (32 hex characters when generated). */
  runId: string;
  /** The experiment the run belongs to. */
  experimentId: string;
  /** The run's name, never empty. */
  runName: string;
  /** Who started the run; empty when unknown. */
  userId: string;
  /** Milliseconds since the epoch. */
  startTime: number;
  /** Where the run's artifacts live, e.g. `mlflow-artifacts:/1/<runId>/artifacts`. */
  artifactUri: string;
  /** The parent run, for nested runs. */
  parentRunId?: string;
  /** Every tag of the new run, system tags (`mlflow.runName`, ...) included. */
  tags: Tag[];
}

/** Creates a run; replaying it for a run that exists in the same experiment is a no-op. */
export interface CreateRunOperation {
  /** The operation's kind. */
  op: 'createRun';
  /** The run to create, every default resolved. */
  run: NewRun;
}

/** Logs metrics, params and tags to one run, all or nothing. */
export interface LogBatchOperation {
  /** The operation's kind. */
  op: 'logBatch';
  /** The run logged to. */
  runId: string;
  /** Metric points, each validated. */
  metrics: Metric[];
  /** Params, each validated, no key twice with different values. */
  params: Param[];
  /** Tags, each validated. */
  tags: Tag[];
}

/** Changes a run's status, end time or name. */
export interface UpdateRunOperation {
  /** The operation's kind. */
  op: 'updateRun';
  /** The run changed. */
  runId: string;
  /** The new status, if it changes. */
  status?: RunStatus;
  /** The new end time (milliseconds since the epoch), if it changes. */
  endTime?: number;
  /** The new name, if it changes. */
  runName?: string;
}

/** Removes one tag from a run. */
export interface DeleteTagOperation {
  /** The operation's kind. */
  op: 'deleteTag';
  /** The run whose tag is removed. */
  runId: string;
  /** The tag's key. */
  key: string;
}

/** Stores spans of one experiment's traces. */
export interface LogSpansOperation {
  /** The operation's kind. */
  op: 'logSpans';
  /** The experiment the spans' traces belong to ('' when `experimentName` names it instead). */
  experimentId: string;
  /**
   * Spans spooled at process exit before their experiment, chosen by name,
   * was resolved: the store applies them to the experiment of this name when
   * it ingests the spool, creating it if there is none (a deleted one
   * refuses them). Set only in spools (a local store's, or a server's spool,
   * whose writes route resolves the name); `experimentId` is then ''.
   */
  experimentName?: string;
  /** The spans, each validated (empty when they come packed only). */
  spans: Span[];
  /** Index-aligned with `spans`: each span's attributes as its producer encoded them (see LogSpansInput). */
  encodings?: readonly (SpanEncoding | undefined | null)[];
  /** More spans as packed rows, validated row by row (see LogSpansInput.packed); one string, so a spool line holds it as one JSON string. */
  packed?: PackedSpanRows;
  /** Set when spans of traces stored under another experiment are left out (see LogSpansInput.otherExperimentTraces); a spooled write keeps it, and its rejected spans are recorded when it is applied. */
  otherExperimentTraces?: 'reject';
}

/** Stores an evaluation's per-row results for a run. */
export interface LogEvaluationRowsOperation {
  /** The operation's kind. */
  op: 'logEvaluationRows';
  /** The run the rows belong to. */
  runId: string;
  /** The rows, each validated. */
  rows: EvaluationRowRecord[];
}

/**
 * One validated write, as a store applies it and as it is written to a spool
 * when the store cannot take it at once (spool segments are lists of these).
 * The validation functions of `@assay/core` produce them from the Store's
 * inputs, so every transport validates the same way.
 */
export type WriteOperation =
  | CreateRunOperation
  | LogBatchOperation
  | UpdateRunOperation
  | DeleteTagOperation
  | LogSpansOperation
  | LogEvaluationRowsOperation;
