// Configuration and stores
export { setTrackingUri, getTrackingUri, TRACKING_URI_ENV, DEFAULT_TRACKING_URI } from './config/tracking-uri.js';
export { getStore, openStore } from './store/get-store.js';
export { flush } from './flush.js';

// Experiments
export {
  setExperiment,
  createExperiment,
  getExperiment,
  getExperimentByName,
  searchExperiments,
  deleteExperiment,
  restoreExperiment,
  renameExperiment,
  setExperimentTag,
  EXPERIMENT_NAME_ENV,
  EXPERIMENT_ID_ENV,
} from './tracking/experiments.js';
export type { CreateExperimentOptions, SearchExperimentsOptions, SearchExperimentsResult } from './tracking/experiments.js';

// Runs
export { ActiveRun } from './tracking/run-handle.js';
export type { EndRunOptions, LogMetricOptions, ParamValue, TagValue } from './tracking/run-handle.js';
export { startRun } from './tracking/start-run.js';
export type { StartRunOptions } from './tracking/start-run.js';
export { withRun } from './tracking/with-run.js';
export { activeRun } from './tracking/active-run.js';
export {
  logParam,
  logParams,
  logMetric,
  logMetrics,
  setTag,
  setTags,
  logArtifact,
  logArtifacts,
  logText,
  logJson,
  endRun,
} from './tracking/fluent.js';
export { getRun, getMetricHistory, searchRuns, deleteRun, restoreRun } from './tracking/runs.js';
export type { SearchRunsOptions } from './tracking/runs.js';

// Core types and errors users meet through this API
export type {
  Run,
  RunInfo,
  RunData,
  RunStatus,
  Experiment,
  Metric,
  Param,
  Tag,
  FileInfo,
  ViewType,
  LifecycleStage,
  SearchRunsResult,
  Store,
} from '@assay/core';
export {
  AssayError,
  InvalidParameterError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  StoreBusyError,
  SearchSyntaxError,
} from '@assay/core';

// Autolog: OpenAI and LangChain calls traced with one line
export { autolog } from './autolog/autolog.js';
export type { AutologOptions, AutologResult } from './autolog/autolog.js';

// Tracing
export { trace } from './tracing/trace-function.js';
export type { TraceOptions } from './tracing/trace-function.js';
export { withSpan } from './tracing/with-span.js';
export type { WithSpanOptions } from './tracing/with-span.js';
export { startSpan } from './tracing/start-span.js';
export type { StartSpanOptions } from './tracing/start-span.js';
export type { AssaySpan, AssaySpanStatusCode } from './tracing/assay-span.js';
export { updateCurrentTrace } from './tracing/update-current-trace.js';
export type { UpdateCurrentTraceOptions } from './tracing/update-current-trace.js';
export { getLastTraceId } from './tracing/get-last-trace-id.js';
export { searchTraces, getTrace, deleteTraces } from './tracing/trace-queries.js';
export type { SearchTracesOptions, DeleteTracesOptions } from './tracing/trace-queries.js';
export { createAssaySpanProcessor } from './tracing/create-assay-span-processor.js';
export type { StoreSpanProcessorOptions } from './tracing/store-span-processor.js';
export { getExportStats } from './tracing/get-export-stats.js';
export type { ExportStats, SpanSink, TraceDestination } from './tracing/span-export-queue.js';
export type { TraceOrigin } from './tracing/trace-destination.js';
export type { Trace, TraceInfo, Span, SpanType, SpanStatus, SpanEvent, TraceState, TokenUsage, SearchTracesResult } from '@assay/core';
