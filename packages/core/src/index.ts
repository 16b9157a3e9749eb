export { AssayError, InvalidParameterError, NotFoundError, AlreadyExistsError, ConflictError, StoreBusyError } from './errors/assay-error.js';
export type { AssayErrorCode, AssayErrorOptions } from './errors/assay-error.js';

export type { Experiment } from './entities/experiment.js';
export { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME } from './entities/experiment.js';
export type { LifecycleStage, ViewType } from './entities/lifecycle.js';
export { VIEW_TYPES } from './entities/lifecycle.js';
export type { Run, RunInfo, RunData, RunStatus } from './entities/run.js';
export { RUN_STATUSES, isTerminalRunStatus } from './entities/run.js';
export type { Metric, Param, Tag } from './entities/metric.js';
export type { FileInfo } from './entities/artifact.js';
export type { SpanType, TraceState, TokenUsage, SpanStatus, SpanEvent, Span, TraceInfo, Trace } from './entities/trace.js';
export { SPAN_TYPES, TRACE_PREVIEW_LENGTH } from './entities/trace.js';
export type { SpanEncoding } from './tracing/span-encoding.js';
export { ASSAY_ATTRIBUTES, GEN_AI_ATTRIBUTES, OPENAI_ATTRIBUTES, OPENINFERENCE_ATTRIBUTES, SEMCONV_ATTRIBUTES, LANGCHAIN_ATTRIBUTES } from './tracing/attribute-keys.js';
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
export { parseOrderBy } from './search/parse-order-by.js';
export { RUN_FILTER_DIALECT } from './search/run-filter-dialect.js';
export { EXPERIMENT_FILTER_DIALECT } from './search/experiment-filter-dialect.js';
export { TRACE_FILTER_DIALECT } from './search/trace-filter-dialect.js';

export type {
  Store,
  CreateExperimentInput,
  SearchExperimentsInput,
  CreateRunInput,
  UpdateRunInput,
  LogBatchInput,
  SearchRunsInput,
  SearchRunsResult,
  LogSpansInput,
  SearchTracesInput,
  SearchTracesResult,
  DeleteTracesInput,
  SqlResult,
} from './store/store.js';
export type {
  CreateDatasetVersionInput,
  ImportDatasetFileInput,
  ExportDatasetInput,
  ListDatasetsInput,
  ReadDatasetRowsInput,
  RunDatasetInput,
} from './store/dataset-inputs.js';
export type { EvaluationRowRecord, LogEvaluationRowsInput, ReadEvaluationRowsInput } from './entities/evaluation-row.js';
export { validateEvaluationRows } from './validation/validate-evaluation-rows.js';
export { createSeededRandom } from './util/create-seeded-random.js';
export { errorMessage } from './util/error-message.js';
export { mapWithConcurrency } from './util/map-with-concurrency.js';
export type { MapWithConcurrencyOptions } from './util/map-with-concurrency.js';
export type { SeededRandom } from './util/create-seeded-random.js';
