import type { Span, Trace, TraceInfo } from '../entities/trace.js';
import type { PackedSpanRows } from '../tracing/packed-span-rows.js';
import type { SpanEncoding } from '../tracing/span-encoding.js';

/** Input of TraceStore.logSpans. */
export interface LogSpansInput {
  /** The experiment the spans' traces belong to (a trace never moves between experiments); it must be active. */
  experimentId: string;
  /**
   * Finished (or still open) spans of one or more traces; re-sending a span
   * replaces it. May be left out when `packed` holds the spans.
   */
  spans?: Span[];
  /**
   * Optional, index-aligned with `spans`: each span's attribute values as
   * its producer had them, JSON text included (Assay's tracer passes them).
   * The store writes that text instead of encoding the decoded attributes
   * again, and reads from it the keys the span's attributes leave out (Assay's
   * tracer leaves them all out). It must describe the same values as the
   * span; an entry may be undefined.
   */
  encodings?: readonly (SpanEncoding | undefined)[];
  /**
   * Spans as packed rows (see PackedSpanRows), stored as `spans` are: the
   * cheap form for a producer that packs its spans once (Assay's tracer
   * does, and so can an OTLP decoder), with no `Span` object built on the
   * way. Validated row by row, not parsed. Stored after `spans` when both are given.
   */
  packed?: PackedSpanRows;
  /**
   * What becomes of spans of a trace already stored under another experiment
   * (a trace never moves): `'append'` (the default) adds them to that trace;
   * `'reject'` leaves them out and names the trace in the result, so that a
   * caller allowed to write this experiment cannot add to another's traces.
   * Checked in the write's transaction, so concurrent writes cannot slip
   * past it. Only stores with `rejectsOtherExperimentTraces` honour it.
   */
  otherExperimentTraces?: 'append' | 'reject';
}

/** A trace whose spans logSpans left out: it is stored under another experiment. */
export interface RejectedTrace {
  traceId: string;
  /** The experiment the trace belongs to. */
  experimentId: string;
}

/** What logSpans did, from stores with `rejectsOtherExperimentTraces`. */
export interface LogSpansResult {
  /** The traces whose spans were left out (`otherExperimentTraces: 'reject'`); empty otherwise, or when the write was spooled (then checked when it is applied). */
  rejectedTraces: RejectedTrace[];
}

/**
 * A store whose logSpans honours `otherExperimentTraces: 'reject'` and
 * answers with a LogSpansResult: the stores that own a database (DuckDbStore,
 * LocalStore). Others (the HTTP client, which has no such option on the wire)
 * append such spans, so their caller checks the traces first.
 */
export interface OtherExperimentTracesGuard {
  readonly rejectsOtherExperimentTraces: true;
  logSpans(input: LogSpansInput): Promise<LogSpansResult>;
}

/** True for a store that honours `otherExperimentTraces: 'reject'` (see OtherExperimentTracesGuard). */
export function rejectsOtherExperimentTraces<S extends TraceStore>(store: S): store is OtherExperimentTracesGuard & S {
  return (store as Partial<OtherExperimentTracesGuard>).rejectsOtherExperimentTraces === true;
}

/** Names one trace by id: the input of getTrace. */
export interface TraceIdInput {
  /** The trace's id, `tr-` followed by 32 hex characters. */
  traceId: string;
}

/** Input of TraceStore.searchTraces. */
export interface SearchTracesInput {
  /** Experiments to search; at least one. Unknown ids match no traces. */
  experimentIds: string[];
  /** Only traces of this run; default traces of any run or none. */
  runId?: string;
  /**
   * MLflow's trace filter plus OR and parentheses, e.g.
   * `trace.status = 'ERROR' and span.type = 'TOOL'`, `trace.execution_time_ms > 500`,
   * `tags.env = 'prod'`, `trace.text ILIKE '%refund%'`, `trace.session_id = 's-1'`,
   * `feedback.correctness >= 4`, `expectation.answer = 'Paris'`, `cost.total > 0.01`; default all.
   */
  filter?: string;
  /** e.g. `['timestamp_ms DESC']` (the default), `['execution_time_ms ASC']`, `['cost.total DESC']`; then newest first. */
  orderBy?: string[];
  /** Page size from 1 to 500; default 100. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged; default the first page. */
  pageToken?: string;
}

/** One page of searchTraces. */
export interface SearchTracesResult {
  /** The page's trace summaries (without spans), in order. */
  traces: TraceInfo[];
  /** Pass back to get the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Input of TraceStore.deleteTraces: `traceIds`, or `maxTimestampMillis` (with an optional `maxTraces`), not both. */
export interface DeleteTracesInput {
  /** The experiment whose traces are deleted; other experiments' traces are never touched. */
  experimentId: string;
  /** Delete these traces ... */
  traceIds?: string[];
  /** ... or the oldest traces that started at or before this time (integer milliseconds) ... */
  maxTimestampMillis?: number;
  /** ... at most this many of them (a positive integer); default all. */
  maxTraces?: number;
}

/** Input of TraceStore.setTraceTag. */
export interface SetTraceTagInput {
  /** The trace tagged. */
  traceId: string;
  /** The tag's key (MLflow's key rules, at most 250 characters). */
  key: string;
  /** The tag's value, at most 8000 characters; replaces an existing value. */
  value: string;
}

/** Input of TraceStore.deleteTraceTag. */
export interface DeleteTraceTagInput {
  /** The trace whose tag is removed. */
  traceId: string;
  /** The tag's key. */
  key: string;
}

/**
 * Traces: trees of spans with a summary per trace. A store that must wait for
 * its database (a local store held by another process) throws StoreBusyError
 * when the wait times out, except from logSpans, which never waits: it
 * spools, the experiment is checked when the spool is applied, and spans
 * refused then are kept aside (the `rejected_writes` table), not thrown.
 */
export interface TraceStore {
  /**
   * Stores spans and brings their traces' summaries up to date: the root span
   * decides name, state, request time, duration and previews; token usage is
   * summed over spans without an ancestor that has usage; each span with usage
   * and a priced model gets a cost (see ModelPriceStore), summed into the
   * trace's over spans without an ancestor that has a cost; root-span
   * attributes carry session, user, tags, metadata and the run. Idempotent per span.
   * @throws InvalidParameterError for a malformed span or encoding (the message names the field, e.g. `spans[2].spanId`).
   * @throws NotFoundError for an unknown or deleted experiment.
   */
  logSpans(input: LogSpansInput): Promise<LogSpansResult | void>;
  /**
   * One trace: its summary (with its assessments) and its spans, parents before children.
   * @throws NotFoundError for an unknown trace id.
   */
  getTrace(input: TraceIdInput): Promise<Trace>;
  /**
   * One page of the trace summaries (with their assessments) of some experiments that match a filter.
   * @throws InvalidParameterError (a SearchSyntaxError for filters and orderBy) for
   *   no experiment ids, or a bad filter, orderBy, maxResults or pageToken.
   */
  searchTraces(input: SearchTracesInput): Promise<SearchTracesResult>;
  /**
   * Deletes traces of one experiment with their spans, tags and assessments, and returns
   * how many traces were deleted (0 when none matched, ids of other
   * experiments' traces included).
   * @throws InvalidParameterError for a missing experiment id, both or neither of
   *   traceIds and maxTimestampMillis, or a bad traceIds, maxTimestampMillis or maxTraces.
   */
  deleteTraces(input: DeleteTracesInput): Promise<number>;
  /**
   * Sets one tag of a trace, replacing its value.
   * @throws InvalidParameterError for a bad key or value.
   * @throws NotFoundError for an unknown trace id.
   */
  setTraceTag(input: SetTraceTagInput): Promise<void>;
  /**
   * Removes one tag of a trace; a key it does not have is a no-op.
   * @throws NotFoundError for an unknown trace id.
   */
  deleteTraceTag(input: DeleteTraceTagInput): Promise<void>;
}
