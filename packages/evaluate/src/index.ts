// @assay/evaluate: datasets, metrics, evaluate() and thresholds.

// Datasets
export { Dataset } from './datasets/dataset.js';
export type { DatasetRowsOptions, DatasetExportOptions } from './datasets/dataset.js';
export { createDataset } from './datasets/create-dataset.js';
export type { CreateDatasetOptions } from './datasets/create-dataset.js';
export { getDataset } from './datasets/get-dataset.js';
export type { GetDatasetOptions } from './datasets/get-dataset.js';
export { listDatasets } from './datasets/list-datasets.js';
export type { ListDatasetsOptions } from './datasets/list-datasets.js';
export { logDatasetInput } from './datasets/log-dataset-input.js';
export type { LogDatasetInputOptions } from './datasets/log-dataset-input.js';
export type { DatasetInfo, DatasetSummary, DatasetColumn, DatasetSourceType, DatasetInput, RunInputs } from '@assay/core';

// Metrics live in @assay/metrics (which loads neither DuckDB nor the SDK);
// they are re-exported here so that code importing them from @assay/evaluate
// keeps working. New code that only computes metrics can import @assay/metrics.
export {
  rouge, rougeN, rougeBatch, rougeTokenize, porterStem, DEFAULT_ROUGE_TYPES, corpusBleu, sentenceBleu,
  bleuStatistics, bleuFromStatistics, BLEU_TOKENIZERS, tokenize13a, tokenizeIntl, tokenizeChar, corpusChrf,
  sentenceChrf, chrfStatistics, chrfFromStatistics, exactMatch, exactMatchMetric, normalizeSquadAnswer,
  levenshteinDistance, levenshteinSimilarity, levenshteinSimilarityMetric, tokenCount, tokenCountMetric,
  latencyMetric, contains, containsMetric, regexMatch, regexMatchMetric, isValidJson, matchesJsonSchema,
  validJsonMetric, jsonSchemaMatchMetric, fleschKincaidGrade, automatedReadabilityIndex,
  fleschKincaidGradeLevelMetric, ariGradeLevelMetric, cosineSimilarity, embeddingSimilarity, EndpointError,
  createJudgeClient, makeJudge, answerCorrectness, answerRelevance, faithfulness, JUDGE_RUBRICS, bleuMetric,
  chrfMetric, rougeMetric, defineMetric, EVALUATION_PRESETS,
} from '@assay/metrics';
export type {
  RougeTokenizeOptions, RougeBatchResult, RougeNOptions, RougeNType, RougeOptions, RougeScore, RougeScores,
  RougeType, BleuStatistics, BleuResult, BleuOptions, BleuSmoothMethod, BleuTokenizer, BleuTokenizerName,
  ChrfStatistics, ChrfResult, ChrfOptions, ExactMatchOptions, TokenCountOptions, TokenCounter,
  ContainsOptions, ContainsMetricOptions, JsonSchema, JsonSchemaObject, JsonSchemaType, JsonSchemaResult,
  EmbedderOptions, JudgeClient, JudgeClientOptions, JudgeMessage, JudgeRequest, MakeJudgeOptions,
  JudgeConnectionOptions, JudgeRequirement, JudgeExample, BuiltInJudgeOptions, EvaluationRow, Metric,
  MetricContext, MetricRequirement, RowScore, DefineMetricOptions, MetricScore, EvaluationPreset,
} from '@assay/metrics';

// evaluate(), thresholds and comparisons
export { evaluate } from './evaluate/evaluate.js';
export type { EvaluateOptions, EvaluatedModel } from './evaluate/evaluate-options.js';
export type { EvaluationResult, EvaluatedRow } from './evaluate/evaluation-result.js';
export { checkThresholds } from './evaluate/check-thresholds.js';
export type { Threshold, Thresholds } from './evaluate/check-thresholds.js';
export { ThresholdError, formatThresholdTable } from './evaluate/threshold-error.js';
export { EvaluationError, formatMetricErrorTable } from './evaluate/evaluation-error.js';
export type { EvaluationErrorOptions, FormatMetricErrorTableOptions } from './evaluate/evaluation-error.js';
export type { MetricErrorSummary, MetricRowError } from './evaluate/summarize-metric-errors.js';
export type { ThresholdCheck } from './evaluate/threshold-error.js';
export { expectEvaluation } from './evaluate/expect-evaluation.js';
export type { EvaluationExpectation } from './evaluate/expect-evaluation.js';
export { compareEvaluations } from './evaluate/compare-evaluations.js';
export type { CompareEvaluationsOptions, MetricComparison } from './evaluate/compare-evaluations.js';
export { recordedEvaluations } from './evaluate/evaluation-registry.js';
export { metricErrorsKey } from './evaluate/aggregate-scores.js';
export type { RecordedEvaluation } from './evaluate/evaluation-registry.js';
export { summarizeValues } from './evaluate/summarize-values.js';
export type { ValueSummary } from './evaluate/summarize-values.js';
