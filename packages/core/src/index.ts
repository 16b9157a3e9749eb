export { AssayError, InvalidParameterError, NotFoundError, AlreadyExistsError, ConflictError, StoreBusyError, StoreDamagedError } from './errors/assay-error.js';
export type {
  AssayErrorCode,
  AssayErrorOptions,
  StoreBusyErrorOptions,
  StoreDamagedErrorOptions,
  StoreHolder,
} from './errors/assay-error.js';

export type { Experiment } from './entities/experiment.js';
export { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME } from './entities/experiment.js';
export type { LifecycleStage, ViewType } from './entities/lifecycle.js';
export { VIEW_TYPES } from './entities/lifecycle.js';
export type { Run, RunInfo, RunData, RunStatus } from './entities/run.js';
export { RUN_STATUSES, isTerminalRunStatus } from './entities/run.js';
export type { Metric, Param, Tag } from './entities/metric.js';
export type { FileInfo } from './entities/artifact.js';
export type { SpanType, TraceState, TokenUsage, Cost, SpanStatus, SpanEvent, Span, TraceInfo, Trace } from './entities/trace.js';
export type {
  JsonValue,
  AssessmentSourceType,
  AssessmentSource,
  AssessmentError,
  AssessmentBase,
  FeedbackAssessment,
  ExpectationAssessment,
  Assessment,
} from './entities/assessment.js';
export { ASSESSMENT_SOURCE_TYPES, assessmentValue } from './entities/assessment.js';
export type { ModelPrice, ListedModelPrice } from './entities/model-price.js';
export { BUILT_IN_MODEL_PRICES, MODEL_PRICES_AS_OF, MODEL_PRICES_SOURCE } from './cost/model-prices.js';
export { ModelPriceTable, createModelPriceTable } from './cost/model-price-table.js';
export type { CreateModelPriceTableOptions } from './cost/model-price-table.js';
export { SPAN_TYPES, TRACE_PREVIEW_LENGTH } from './entities/trace.js';
export type { SpanEncoding } from './tracing/span-encoding.js';
export {
  PACKED_SPAN_ROWS_FORMAT,
  PACKED_ROW_SEPARATOR,
  PACKED_FIELD_SEPARATOR,
  PACKED_ESCAPED_TEXT,
  PACKED_SPAN_FIELDS,
  PACKED_SPAN_FIELD,
  PACKED_SPAN_FIELD_COUNT,
  packText,
  unpackText,
} from './tracing/packed-span-rows.js';
export type { PackedSpanRows, PackedSpanFieldName } from './tracing/packed-span-rows.js';
export { PackedSpanRowsBuilder, packSpanRow, packSpans, toPackableSpan } from './tracing/packed-span-rows-builder.js';
export type { PackableSpan } from './tracing/packed-span-rows-builder.js';
export { PackedSpanRowsReader, unpackSpanRows, concatPackedSpanRows, splitPackedSpanRows } from './tracing/packed-span-rows-reader.js';
export type { ReadPackedSpanRowsOptions } from './tracing/packed-span-rows-reader.js';
export { decodeAttributeValue } from './tracing/decode-attribute-value.js';
export { decodeSpanAttribute, decodeSpanAttributes, holdsJsonText } from './tracing/decode-span-attribute.js';
export { toSpanStatusCode } from './tracing/to-span-status-code.js';
export { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, GEN_AI_EVENTS, OPENAI_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES, SEMCONV_ATTRIBUTES, LANGCHAIN_ATTRIBUTES, AI_SDK_ATTRIBUTES } from './tracing/attribute-keys.js';
export { TRACE_METADATA_KEYS, TRACE_TAG_KEYS } from './tracing/trace-info-keys.js';
export type { Page } from './entities/page.js';
export type {
  DatasetSourceType,
  DatasetColumn,
  DatasetInfo,
  DatasetSummary,
  RunInputDataset,
  DatasetInput,
  RunInputs,
} from './entities/dataset.js';
export { DATASET_SOURCE_TYPES, DATASET_CONTEXT_TAG } from './entities/dataset.js';
export { canonicalJson } from './datasets/canonical-json.js';
export { resolveDatasetFileFormat, DATASET_FILE_FORMATS } from './datasets/dataset-file-format.js';
export type { DatasetFileFormat } from './datasets/dataset-file-format.js';
export {
  DATASET_LIMITS,
  validateDatasetName,
  validateDatasetVersion,
  validateDatasetMetadata,
  validateDatasetRows,
  validateDatasetContext,
} from './datasets/validate-dataset.js';

export { LIMITS } from './validation/limits.js';
export { validateEntityKey, describe, preview } from './validation/validate-entity-key.js';
export type { EntityKeyKind } from './validation/validate-entity-key.js';
export {
  validateMetric,
  validateParam,
  validateTag,
  validateExperimentTag,
  validateExperimentName,
  validateRunName,
  validateRunId,
  assertUniqueKeys,
} from './validation/validate-entries.js';

export { normalizeArtifactPath } from './artifacts/normalize-artifact-path.js';
export { SYSTEM_TAGS } from './system-tags.js';
export { generateRunId } from './ids.js';
export { generateRunName } from './generate-run-name.js';

export type {
  ComparisonOperator,
  FilterField,
  FilterValue,
  ComparisonNode,
  AndNode,
  OrNode,
  FilterNode,
  OrderByClause,
} from './search/filter-ast.js';
export type { FilterDialect, EntityRule } from './search/filter-dialect.js';
export { SearchSyntaxError } from './search/search-syntax-error.js';
export { parseFilter } from './search/parse-filter.js';
export { quoteFilterString } from './search/quote-filter-string.js';
export { parseOrderBy } from './search/parse-order-by.js';
export { RUN_FILTER_DIALECT } from './search/run-filter-dialect.js';
export { EXPERIMENT_FILTER_DIALECT } from './search/experiment-filter-dialect.js';
export { TRACE_FILTER_DIALECT } from './search/trace-filter-dialect.js';
export { REGISTERED_MODEL_FILTER_DIALECT } from './search/registered-model-filter-dialect.js';
export { MODEL_VERSION_FILTER_DIALECT } from './search/model-version-filter-dialect.js';

export type { Store } from './store/store.js';
export type {
  ExperimentStore,
  CreateExperimentInput,
  ExperimentIdInput,
  GetExperimentByNameInput,
  SearchExperimentsInput,
  RenameExperimentInput,
  SetExperimentTagInput,
  DeleteExperimentTagInput,
} from './store/experiment-store.js';
export type {
  RunStore,
  CreateRunInput,
  UpdateRunInput,
  RunIdInput,
  LogBatchInput,
  DeleteTagInput,
  GetMetricHistoryInput,
  SearchRunsInput,
  SearchRunsResult,
} from './store/run-store.js';
export type {
  TraceStore,
  LogSpansInput,
  LogSpansResult,
  RejectedTrace,
  OtherExperimentTracesGuard,
  TraceIdInput,
  SearchTracesInput,
  SearchTracesResult,
  DeleteTracesInput,
  SetTraceTagInput,
  DeleteTraceTagInput,
} from './store/trace-store.js';
export { rejectsOtherExperimentTraces } from './store/trace-store.js';
export type {
  AssessmentStore,
  NewAssessment,
  LogAssessmentsInput,
  AssessmentIdInput,
  UpdateAssessmentInput,
} from './store/assessment-store.js';
export type { ModelPriceStore, SetModelPricesInput, DeleteModelPricesInput } from './store/model-price-store.js';
export type { ArtifactStore, PutArtifactInput, GetArtifactInput, ListArtifactsInput } from './store/artifact-store.js';
export type {
  DatasetStore,
  CreateDatasetVersionInput,
  ImportDatasetFileInput,
  ExportDatasetInput,
  ExportDatasetResult,
  GetDatasetInput,
  ListDatasetsInput,
  ReadDatasetRowsInput,
  RunDatasetInput,
  LogRunInputsInput,
} from './store/dataset-store.js';
export type { EvaluationRowStore, LogEvaluationRowsInput, ReadEvaluationRowsInput } from './store/evaluation-row-store.js';
export type { SqlStore, SqlInput, SqlResult } from './store/sql-store.js';
export type { StoreLifecycle } from './store/store-lifecycle.js';
export type {
  RegistryStore,
  RegisteredModelNameInput,
  CreateRegisteredModelInput,
  RenameRegisteredModelInput,
  UpdateRegisteredModelInput,
  SearchRegisteredModelsInput,
  SetRegisteredModelTagInput,
  DeleteRegisteredModelTagInput,
  CreateModelVersionInput,
  ModelVersionInput,
  UpdateModelVersionInput,
  SearchModelVersionsInput,
  SetModelVersionTagInput,
  DeleteModelVersionTagInput,
  TransitionModelVersionStageInput,
  GetLatestVersionsInput,
  SetRegisteredModelAliasInput,
  RegisteredModelAliasInput,
  RegistryChangeNote,
  RegistryDeletion,
  ListRegistryEventsInput,
  SetRegisteredModelProtectionInput,
  CreateTransitionRequestInput,
  TransitionRequestIdInput,
  DecideTransitionRequestInput,
  ListTransitionRequestsInput,
} from './store/registry-store.js';
export type { TransitionRequest, TransitionRequestStatus } from './entities/transition-request.js';
export { TRANSITION_REQUEST_STATUSES } from './entities/transition-request.js';
export type { RegistryAction, RegistryEvent } from './entities/registry-event.js';
export { isRegistryStore, REGISTRY_STORE_METHODS } from './store/registry-store.js';
export { parseModelUri, formatModelUri, type ModelUri } from './registry/parse-model-uri.js';
export { parseRunsUri, type RunsUri } from './artifacts/parse-runs-uri.js';
export type { ModelVersion, ModelVersionStage, ModelVersionStatus, RegisteredModel } from './entities/registered-model.js';
export { MODEL_VERSION_STAGES, MODEL_VERSION_STATUSES } from './entities/registered-model.js';
export {
  validateRegisteredModelName,
  validateModelVersionNumber,
  validateRegistryDescription,
  validateModelSource,
  validateRegistryTag,
  validateRegistryTags,
  validateModelAlias,
  validateModelVersionStage,
  validateModelVersionStatus,
} from './validation/validate-registry-fields.js';
export {
  validateCreateRegisteredModel,
  validateCreateModelVersion,
  validateUpdateModelVersion,
  validateTransitionModelVersionStage,
  validateChangeNote,
} from './validation/validate-registry-inputs.js';
export { validateCreateTransitionRequest, validateTransitionRequestId, validateDecideTransitionRequest, validateTransitionRequestStatus } from './validation/validate-transition-requests.js';
export type { ValidTransitionRequest, ValidDecision } from './validation/validate-transition-requests.js';
export type { ValidRegisteredModel, ValidModelVersion, ValidModelVersionUpdate, ValidStageTransition, ValidChangeNote } from './validation/validate-registry-inputs.js';
export type {
  WriteOperation,
  NewRun,
  CreateRunOperation,
  LogBatchOperation,
  UpdateRunOperation,
  DeleteTagOperation,
  LogSpansOperation,
  LogEvaluationRowsOperation,
} from './store/write-operation.js';
export { createdRun } from './store/new-run.js';
export { toEvaluationRowJson, type EvaluationRowJson } from './wire/evaluation-row-json.js';
export type { SyncWriteOptions, SyncWriter } from './store/sync-writer.js';
export { canWriteSync, ownsPendingWrites } from './store/sync-writer.js';
export type { SequencedWriter, StoreWrite, SequencedWrite, WriteSequencedInput, SequencedWriteResult } from './store/sequenced-writer.js';
export { canWriteSequenced, validateWriteSequenced } from './store/sequenced-writer.js';
export type { ArtifactFileStore, PutArtifactFileInput, GetArtifactFileInput } from './store/artifact-file-store.js';
export { canTransferArtifactFiles } from './store/artifact-file-store.js';
export type { EvaluationRowRecord } from './entities/evaluation-row.js';

export { resolveCreateRun } from './validation/resolve-create-run.js';
export type { ResolveCreateRunOptions } from './validation/resolve-create-run.js';
export { validateUpdateRun } from './validation/validate-update-run.js';
export { validateLogBatch } from './validation/validate-log-batch.js';
export { validateDeleteTag } from './validation/validate-delete-tag.js';
export { validateLogSpans } from './validation/validate-log-spans.js';
export { validatePackedSpanRows } from './validation/validate-packed-span-rows.js';
export { validateLogEvaluationRows, MAX_EVALUATION_ROWS_PER_CALL } from './validation/validate-log-evaluation-rows.js';
export { validateReadEvaluationRows } from './validation/validate-read-evaluation-rows.js';
export type { ValidReadEvaluationRows } from './validation/validate-read-evaluation-rows.js';
export { validateDeleteTraces } from './validation/validate-delete-traces.js';
export { validateLogAssessments, MAX_ASSESSMENTS_PER_CALL, ASSESSMENT_LIMITS } from './validation/validate-log-assessments.js';
export type { ValidNewAssessment } from './validation/validate-log-assessments.js';
export { validateUpdateAssessment, validateAssessmentId } from './validation/validate-update-assessment.js';
export type { ValidUpdateAssessment } from './validation/validate-update-assessment.js';
export { validateSetModelPrices, validateDeleteModelPrices, MAX_MODEL_PRICES_PER_CALL } from './validation/validate-set-model-prices.js';
export type { ValidDeleteTraces } from './validation/validate-delete-traces.js';
export { validateExperimentIds } from './validation/validate-experiment-ids.js';
export type { ValidateExperimentIdsOptions } from './validation/validate-experiment-ids.js';
export { validateViewType } from './validation/validate-view-type.js';
export { validateMaxResults } from './validation/validate-max-results.js';
export type { ValidateMaxResultsOptions } from './validation/validate-max-results.js';
export { validateCreateExperiment } from './validation/validate-create-experiment.js';
export type { ValidCreateExperiment } from './validation/validate-create-experiment.js';
export { validateDeleteExperiment } from './validation/validate-delete-experiment.js';
export { validateSqlQuery } from './validation/validate-sql-query.js';
export { validateCreateDatasetVersion } from './validation/validate-create-dataset-version.js';
export type { ValidDatasetVersion } from './validation/validate-create-dataset-version.js';
export { validateReadDatasetRows } from './validation/validate-read-dataset-rows.js';
export type { ValidReadDatasetRows } from './validation/validate-read-dataset-rows.js';
export { validateLogRunInputs } from './validation/validate-log-run-inputs.js';
export type { ValidLogRunInputs, ValidRunDatasetInput } from './validation/validate-log-run-inputs.js';
export { createSeededRandom } from './util/create-seeded-random.js';
export { comparePairedScores } from './evaluation/compare-paired-scores.js';
export type { ComparePairedScoresOptions, PairedScoreColumn, PairedScoreComparison } from './evaluation/compare-paired-scores.js';
export { errorMessage } from './util/error-message.js';
export { mapWithConcurrency } from './util/map-with-concurrency.js';
export { Mutex } from './util/mutex.js';
export type { MapWithConcurrencyOptions } from './util/map-with-concurrency.js';
export type { SeededRandom } from './util/create-seeded-random.js';
export { validatePromptTemplate, promptVariables, formatPrompt } from './prompts/prompt-template.js';
export type { PromptMessage, PromptTemplate, PromptValues, FormatPromptOptions } from './prompts/prompt-template.js';
export { parsePromptUri } from './prompts/prompt-uri.js';
export type { PromptReference } from './prompts/prompt-uri.js';
export { WEBHOOK_EVENTS } from './entities/webhook.js';
export type { Webhook, WebhookEvent, WebhookStatus, WebhookDelivery, WebhookDeliveryStatus, DueWebhookDelivery } from './entities/webhook.js';
export type { WebhookStore, CreateWebhookInput, UpdateWebhookInput, WebhookAttemptInput } from './store/webhook-store.js';
export { isWebhookStore, WEBHOOK_STORE_METHODS } from './store/webhook-store.js';
export { validateCreateWebhook, validateUpdateWebhook } from './validation/validate-webhook.js';
export type { ValidWebhook } from './validation/validate-webhook.js';
