// @assay/sdk: tracking, tracing and autolog for TypeScript LLM apps.
//
// The module-level functions use a default instance, made on first use;
// `createAssay()` makes independent instances with the same API.

// Instances
export { createAssay } from './assay/create-assay.js';
export { Assay } from './assay/assay.js';
export type { AssayOptions } from './assay/assay-runtime.js';

// Configuration and stores
export { setTrackingUri, getTrackingUri, getStore, flush } from './fluent/configuration.js';
export { TRACKING_URI_ENV, DEFAULT_TRACKING_URI, parseTrackingUri } from './config/tracking-uri.js';
export type { TrackingTarget } from './config/tracking-uri.js';
export { trackingAuthHeaders, TRACKING_TOKEN_ENV, TRACKING_USERNAME_ENV, TRACKING_PASSWORD_ENV } from './config/tracking-auth-headers.js';
export { openStore } from './store/open-store.js';
export type { DirectoryStore, DirectoryStoreOptions } from './store/directory-store.js';

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
} from './fluent/experiments.js';
export { EXPERIMENT_NAME_ENV, EXPERIMENT_ID_ENV } from './tracking/experiment-selection.js';
export type { CreateExperimentOptions, SearchExperimentsOptions, SearchExperimentsResult } from './tracking/experiments.js';

// Runs
export { ActiveRun } from './tracking/run-handle.js';
export type { EndRunOptions, LogMetricOptions, ParamValue, TagValue } from './tracking/run-handle.js';
export type { StartRunOptions } from './tracking/start-run.js';
export type { WithRunCallback } from './tracking/with-run.js';
export type { SearchRunsOptions } from './tracking/runs.js';
export {
  startRun,
  withRun,
  activeRun,
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
  getRun,
  getMetricHistory,
  searchRuns,
  deleteRun,
  restoreRun,
} from './fluent/runs.js';

// Model registry
export {
  registerModel,
  getRegisteredModel,
  searchRegisteredModels,
  getModelVersion,
  searchModelVersions,
  getModelVersionByAlias,
  setRegisteredModelAlias,
  deleteRegisteredModelAlias,
  transitionModelVersionStage,
  setRegisteredModelTag,
  setModelVersionTag,
  resolveModelUri,
  setRegisteredModelProtection,
  createTransitionRequest,
  approveTransitionRequest,
  rejectTransitionRequest,
  getTransitionRequest,
  listTransitionRequests,
  listRegistryEvents,
} from './fluent/registry.js';
export { createRegistryClient, RegistryClient } from './registry/registry-client.js';
export type { CreateRegistryClientOptions } from './registry/registry-client.js';
export type {
  RegisterModelOptions,
  ResolvedModelUri,
  SearchRegisteredModelsOptions,
  SearchRegisteredModelsResult,
  SearchModelVersionsOptions,
  SearchModelVersionsResult,
  TransitionModelVersionStageOptions,
  RegistryChangeOptions,
  CreateTransitionRequestOptions,
  ListTransitionRequestsOptions,
  ListTransitionRequestsResult,
  ListRegistryEventsOptions,
  ListRegistryEventsResult,
} from './registry/registry-options.js';
export type {
  RegisteredModel,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegistryStore,
  ModelUri,
  TransitionRequest,
  TransitionRequestStatus,
  RegistryEvent,
  RegistryAction,
} from '@assay/core';
export { parseModelUri, isRegistryStore, MODEL_VERSION_STAGES } from '@assay/core';

// Prompt registry
export { registerPrompt, loadPrompt, searchPrompts, setPromptAlias, deletePromptVersion, diffPromptVersions } from './fluent/prompts.js';
export { PromptVersion } from './prompts/prompt-version.js';
export type { PromptModelConfig } from './prompts/prompt-version.js';
export type { Prompt, PromptDiff, RegisterPromptInput, SearchPromptsOptions } from './prompts/prompt-registry.js';
export { promptTraceFilter } from './prompts/prompt-trace-filter.js';
export type { PromptTemplate, PromptMessage, PromptValues, FormatPromptOptions } from '@assay/core';
export { formatPrompt, parsePromptUri } from '@assay/core';

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
  StoreDamagedError,
  SearchSyntaxError,
} from '@assay/core';

// Tracing and autolog
export {
  autolog,
  trace,
  withSpan,
  startSpan,
  updateCurrentTrace,
  getLastTraceId,
  searchTraces,
  getTrace,
  deleteTraces,
  createAssaySpanProcessor,
  getExportStats,
} from './fluent/tracing.js';
export { assayTelemetry } from './fluent/ai-sdk.js';
export type { AssayTelemetryOptions, AiSdkTelemetrySettings } from './ai-sdk/assay-telemetry.js';
export type { AutologOptions, AutologResult, InstrumentedCopy } from './autolog/autolog.js';
export type { TraceOptions } from './tracing/trace-function.js';
export type { WithSpanOptions } from './tracing/with-span.js';
export type { StartSpanOptions } from './tracing/start-span.js';
export type { AssaySpan, AssaySpanStatusCode } from './tracing/assay-span.js';
export type { UpdateCurrentTraceOptions } from './tracing/update-current-trace.js';
export type { SearchTracesOptions, DeleteTracesOptions } from './tracing/trace-queries.js';
export type { AssaySpanProcessor, TraceOrigin } from './export/assay-span-processor.js';
export type { ExportStats, SpanExportQueueOptions } from './export/span-export-queue.js';
export type { AssaySpanExporter, SpanBatch, FinishedSpan, TraceDestination } from './export/span-exporter.js';
export { encodeSpanBatch } from './export/encode-span-batch.js';
export { decodeSpanBatch } from './export/decode-span-batch.js';
export type { Trace, TraceInfo, Span, SpanType, SpanStatus, SpanEvent, TraceState, TokenUsage, Cost, SearchTracesResult } from '@assay/core';

// Feedback, expectations and cost
export {
  logFeedback,
  logExpectation,
  getAssessment,
  updateAssessment,
  deleteAssessment,
  setModelPrices,
  deleteModelPrices,
  listModelPrices,
} from './fluent/assessments.js';
export type { AssessmentSourceInput, LogFeedbackOptions, LogExpectationOptions, UpdateAssessmentOptions } from './tracing/assessments.js';
export type {
  Assessment,
  FeedbackAssessment,
  ExpectationAssessment,
  AssessmentSource,
  AssessmentSourceType,
  AssessmentError,
  JsonValue,
  ModelPrice,
  ListedModelPrice,
} from '@assay/core';
export { BUILT_IN_MODEL_PRICES, MODEL_PRICES_AS_OF, MODEL_PRICES_SOURCE } from '@assay/core';
// `@assay/sdk/openai`: explicit OpenAI instrumentation, for apps that want it
// without `autolog()` (one client, or one copy of the package).
export { instrumentOpenAI, uninstrumentOpenAI, wrapOpenAI } from './fluent/openai.js';
export type { OpenAIModule } from './fluent/openai.js';
// LangChain's explicit handler is in `@assay/sdk/langchain`: it extends a
// class of `@langchain/core`, which this entry must not load.
