// @assay/metrics: exact BLEU/ROUGE/chrF, text, JSON, readability, embedding and
// judge metrics, and the Metric contract evaluate() runs. Depends on @assay/core
// only: computing a metric loads neither DuckDB nor the SDK.

// Metrics: ROUGE
export { rouge } from './rouge/rouge.js';
export { rougeN } from './rouge/rouge-n.js';
export { rougeBatch } from './rouge/rouge-batch.js';
export { rougeTokenize, type RougeTokenizeOptions } from './rouge/rouge-tokenize.js';
export { porterStem } from './rouge/porter-stemmer.js';
export {
  DEFAULT_ROUGE_TYPES,
  type RougeBatchResult,
  type RougeNOptions,
  type RougeNType,
  type RougeOptions,
  type RougeScore,
  type RougeScores,
  type RougeType,
} from './rouge/rouge-types.js';

// Metrics: BLEU and chrF
export { corpusBleu } from './bleu/corpus-bleu.js';
export { sentenceBleu } from './bleu/sentence-bleu.js';
export { bleuStatistics, type BleuStatistics } from './bleu/bleu-statistics.js';
export { bleuFromStatistics, type BleuResult } from './bleu/bleu-from-statistics.js';
export type { BleuOptions, BleuSmoothMethod } from './bleu/bleu-options.js';
export { BLEU_TOKENIZERS, type BleuTokenizer, type BleuTokenizerName } from './bleu/bleu-tokenizers.js';
export { tokenize13a } from './bleu/tokenize-13a.js';
export { tokenizeIntl } from './bleu/tokenize-intl.js';
export { tokenizeChar } from './bleu/tokenize-char.js';
export { corpusChrf, sentenceChrf } from './chrf/chrf.js';
export { chrfStatistics } from './chrf/chrf-statistics.js';
export type { ChrfStatistics } from './chrf/chrf-score-of.js';
export { chrfFromStatistics, type ChrfResult } from './chrf/chrf-from-statistics.js';
export type { ChrfOptions } from './chrf/chrf-options.js';

// Metrics: text, JSON, readability, embeddings, judges
export { exactMatch, type ExactMatchOptions } from './string/exact-match.js';
export { exactMatchMetric } from './string/exact-match-metric.js';
export { normalizeSquadAnswer } from './string/normalize-squad-answer.js';
export { levenshteinDistance } from './string/levenshtein-distance.js';
export { levenshteinSimilarity } from './string/levenshtein-similarity.js';
export { levenshteinSimilarityMetric } from './string/levenshtein-similarity-metric.js';
export { tokenCount, type TokenCountOptions, type TokenCounter } from './string/token-count.js';
export { tokenCountMetric } from './string/token-count-metric.js';
export { latencyMetric } from './latency-metric.js';
export { contains, type ContainsOptions } from './string/contains.js';
export { containsMetric, type ContainsMetricOptions } from './string/contains-metric.js';
export { regexMatch } from './string/regex-match.js';
export { regexMatchMetric } from './string/regex-match-metric.js';
export { isValidJson } from './json/is-valid-json.js';
export { matchesJsonSchema } from './json/matches-json-schema.js';
export type { JsonSchema, JsonSchemaObject, JsonSchemaType, JsonSchemaResult } from './json/json-schema.js';
export { validJsonMetric } from './json/valid-json-metric.js';
export { jsonSchemaMatchMetric } from './json/json-schema-match-metric.js';
export { fleschKincaidGrade } from './readability/flesch-kincaid-grade.js';
export { automatedReadabilityIndex } from './readability/automated-readability-index.js';
export { fleschKincaidGradeLevelMetric } from './readability/flesch-kincaid-grade-level-metric.js';
export { ariGradeLevelMetric } from './readability/ari-grade-level-metric.js';
export { cosineSimilarity } from './embeddings/cosine-similarity.js';
export { embeddingSimilarity } from './embeddings/embedding-similarity.js';
export type { EmbedderOptions } from './embeddings/create-embedder.js';
export { EndpointError } from './http/endpoint-error.js';
export { createJudgeClient, type JudgeClient, type JudgeClientOptions, type JudgeMessage, type JudgeRequest } from './judges/create-judge-client.js';
export { makeJudge, type MakeJudgeOptions, type JudgeConnectionOptions, type JudgeRequirement } from './judges/make-judge.js';
export type { JudgeExample } from './judges/judge-example.js';
export type { BuiltInJudgeOptions } from './judges/built-in-judge-options.js';
export { answerCorrectness } from './judges/answer-correctness.js';
export { answerRelevance } from './judges/answer-relevance.js';
export { faithfulness } from './judges/faithfulness.js';
export { JUDGE_RUBRICS } from './judges/judge-rubrics.js';

// Metric objects for evaluate(): corpus BLEU/chrF from summed statistics, ROUGE per type
export { bleuMetric } from './bleu/bleu-metric.js';
export { chrfMetric } from './chrf/chrf-metric.js';
export { rougeMetric } from './rouge/rouge-metric.js';

// The metric contract: what evaluate() runs, custom metrics, presets
export type { EvaluationRow } from './metric/evaluation-row.js';
export type { Metric, MetricContext, MetricRequirement, RowScore } from './metric/metric.js';
export { defineMetric } from './metric/define-metric.js';
export type { DefineMetricOptions, MetricScore } from './metric/define-metric.js';
export { EVALUATION_PRESETS, resolvePreset } from './evaluation-presets.js';
export type { EvaluationPreset } from './evaluation-presets.js';
