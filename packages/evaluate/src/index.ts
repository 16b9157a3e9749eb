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

// Metrics: ROUGE
export { rouge } from './metrics/rouge/rouge.js';
export { rougeN } from './metrics/rouge/rouge-n.js';
export { rougeBatch } from './metrics/rouge/rouge-batch.js';
export { rougeTokenize, type RougeTokenizeOptions } from './metrics/rouge/rouge-tokenize.js';
export { porterStem } from './metrics/rouge/porter-stemmer.js';
export {
  DEFAULT_ROUGE_TYPES,
  type RougeBatchResult,
  type RougeNOptions,
  type RougeNType,
  type RougeOptions,
  type RougeScore,
  type RougeScores,
  type RougeType,
} from './metrics/rouge/rouge-types.js';

// Metrics: BLEU and chrF
export { corpusBleu } from './metrics/bleu/corpus-bleu.js';
export { sentenceBleu } from './metrics/bleu/sentence-bleu.js';
export { bleuStatistics, type BleuStatistics } from './metrics/bleu/bleu-statistics.js';
export { bleuFromStatistics, type BleuResult } from './metrics/bleu/bleu-from-statistics.js';
export type { BleuOptions, BleuSmoothMethod } from './metrics/bleu/bleu-options.js';
export { BLEU_TOKENIZERS, type BleuTokenizer, type BleuTokenizerName } from './metrics/bleu/bleu-tokenizers.js';
export { tokenize13a } from './metrics/bleu/tokenize-13a.js';
export { tokenizeIntl } from './metrics/bleu/tokenize-intl.js';
export { tokenizeChar } from './metrics/bleu/tokenize-char.js';
export { corpusChrf, sentenceChrf } from './metrics/chrf/chrf.js';
export { chrfStatistics, type ChrfStatistics } from './metrics/chrf/chrf-statistics.js';
export { chrfFromStatistics, type ChrfResult } from './metrics/chrf/chrf-from-statistics.js';
export type { ChrfOptions } from './metrics/chrf/chrf-options.js';

// Metrics: text, JSON, readability, embeddings, judges
export { exactMatch, type ExactMatchOptions } from './metrics/string/exact-match.js';
export { exactMatchMetric } from './metrics/string/exact-match-metric.js';
export { normalizeSquadAnswer } from './metrics/string/normalize-squad-answer.js';
export { levenshteinDistance } from './metrics/string/levenshtein-distance.js';
export { levenshteinSimilarity } from './metrics/string/levenshtein-similarity.js';
export { levenshteinSimilarityMetric } from './metrics/string/levenshtein-similarity-metric.js';
export { tokenCount, type TokenCountOptions, type TokenCounter } from './metrics/string/token-count.js';
export { tokenCountMetric } from './metrics/string/token-count-metric.js';
export { latencyMetric } from './metrics/latency-metric.js';
export { contains, type ContainsOptions } from './metrics/string/contains.js';
export { containsMetric, type ContainsMetricOptions } from './metrics/string/contains-metric.js';
export { regexMatch } from './metrics/string/regex-match.js';
export { regexMatchMetric } from './metrics/string/regex-match-metric.js';
export { isValidJson } from './metrics/json/is-valid-json.js';
export { matchesJsonSchema } from './metrics/json/matches-json-schema.js';
export type { JsonSchema, JsonSchemaObject, JsonSchemaType, JsonSchemaResult } from './metrics/json/json-schema.js';
export { validJsonMetric } from './metrics/json/valid-json-metric.js';
export { jsonSchemaMatchMetric } from './metrics/json/json-schema-match-metric.js';
export { fleschKincaidGrade } from './metrics/readability/flesch-kincaid-grade.js';
export { automatedReadabilityIndex } from './metrics/readability/automated-readability-index.js';
export { fleschKincaidGradeLevelMetric } from './metrics/readability/flesch-kincaid-grade-level-metric.js';
export { ariGradeLevelMetric } from './metrics/readability/ari-grade-level-metric.js';
export { cosineSimilarity } from './metrics/embeddings/cosine-similarity.js';
export { embeddingSimilarity } from './metrics/embeddings/embedding-similarity.js';
export type { EmbedderOptions } from './metrics/embeddings/create-embedder.js';
export { EndpointError } from './metrics/http/endpoint-error.js';
export { createJudgeClient, type JudgeClient, type JudgeClientOptions, type JudgeMessage, type JudgeRequest } from './metrics/judges/create-judge-client.js';
export { makeJudge, type MakeJudgeOptions, type JudgeConnectionOptions, type JudgeRequirement } from './metrics/judges/make-judge.js';
export type { JudgeExample } from './metrics/judges/judge-example.js';
export type { BuiltInJudgeOptions } from './metrics/judges/built-in-judge-options.js';
export { answerCorrectness } from './metrics/judges/answer-correctness.js';
export { answerRelevance } from './metrics/judges/answer-relevance.js';
export { faithfulness } from './metrics/judges/faithfulness.js';
export { JUDGE_RUBRICS } from './metrics/judges/judge-rubrics.js';

// Metric objects for evaluate(): corpus BLEU/chrF from summed statistics, ROUGE per type
export { bleuMetric } from './metrics/bleu/bleu-metric.js';
export { chrfMetric } from './metrics/chrf/chrf-metric.js';
export { rougeMetric } from './metrics/rouge/rouge-metric.js';

// evaluate(), custom metrics, thresholds and comparisons
export { evaluate } from './evaluate/evaluate.js';
export type { EvaluateOptions, EvaluatedModel } from './evaluate/evaluate.js';
export type { EvaluationResult, EvaluatedRow } from './evaluate/evaluation-result.js';
export type { EvaluationRow } from './evaluate/evaluation-row.js';
export type { Metric, MetricContext, RowScore } from './evaluate/metric.js';
export { defineMetric } from './evaluate/define-metric.js';
export type { DefineMetricOptions, MetricScore } from './evaluate/define-metric.js';
export { EVALUATION_PRESETS } from './evaluate/presets.js';
export type { EvaluationPreset } from './evaluate/presets.js';
export { checkThresholds } from './evaluate/check-thresholds.js';
export type { Threshold, Thresholds } from './evaluate/check-thresholds.js';
export { ThresholdError, formatThresholdTable } from './evaluate/threshold-error.js';
export type { ThresholdCheck } from './evaluate/threshold-error.js';
export { expectEvaluation } from './evaluate/expect-evaluation.js';
export type { EvaluationExpectation } from './evaluate/expect-evaluation.js';
export { compareEvaluations } from './evaluate/compare-evaluations.js';
export type { CompareEvaluationsOptions, MetricComparison } from './evaluate/compare-evaluations.js';
export { recordedEvaluations } from './evaluate/evaluation-registry.js';
export type { RecordedEvaluation } from './evaluate/evaluation-registry.js';
export { summarizeValues } from './evaluate/summarize-values.js';
export type { ValueSummary } from './evaluate/summarize-values.js';
