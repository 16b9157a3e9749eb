import { LIMITS, SYSTEM_TAGS, type DatasetInfo } from '@assay/core';
import type { Metric } from '@assay/metrics';
import { getStore, type ActiveRun } from '@assay/sdk';
import { toTable, type EvaluatedRow } from './evaluation-result.js';
import { logRowFeedback } from './log-row-feedback.js';
import { storeEvaluationRows } from './store-evaluation-rows.js';
import { describeMetricErrors, type MetricErrorSummary } from './summarize-metric-errors.js';
import type { ThresholdCheck } from './threshold-error.js';

/** Options of `logEvaluation`. */
export interface LogEvaluationOptions {
  /** The run the evaluation logs to. */
  run: ActiveRun;
  /** The evaluated rows. */
  rows: readonly EvaluatedRow[];
  /** The metrics that scored them. */
  metrics: readonly Metric[];
  /** The aggregate values, logged as the run's metrics. */
  values: Record<string, number>;
  /** The preset the metrics came from, if any. */
  preset?: string;
  /** The model that made the outputs (absent for precomputed predictions) and its concurrency. */
  model?: { name: string; concurrency: number };
  /** The stored dataset evaluated, if the rows came from one. */
  dataset?: DatasetInfo;
  /** The column the targets came from, if any. */
  targetColumn?: string;
  /** The threshold checks; with any, the run is tagged `passed` or `failed`. */
  checks: readonly ThresholdCheck[];
  /** Each metric's errors; the first errors of those that failed on some row become a tag. */
  metricErrors: Readonly<Record<string, MetricErrorSummary>>;
}

/**
 * The log step of `evaluate()`: params describing the evaluation, the
 * aggregate metrics, the dataset as a run input, the per-row table (in the
 * store's `evaluation_rows` and as the artifact `eval_results_table.json`),
 * each row's scores as feedback on its trace, the metrics' first errors (tag
 * `assay.evaluation.metric_errors`; their counts are the `<metric>_errors`
 * metrics) and the thresholds' verdict;
 * then flushes, so that the run is complete when `evaluate()` returns.
 */
export async function logEvaluation(options: LogEvaluationOptions): Promise<void> {
  const { run, rows, metrics, model, dataset, targetColumn, checks } = options;
  run.logParams({
    'evaluation.rows': rows.length,
    'evaluation.metrics': metrics.map((metric) => metric.name).join(',').slice(0, 6000),
    ...(options.preset !== undefined ? { 'evaluation.preset': options.preset } : {}),
    ...(model !== undefined ? { 'evaluation.model': model.name || 'anonymous', 'evaluation.concurrency': model.concurrency } : {}),
    ...(dataset ? { 'evaluation.dataset': dataset.name, 'evaluation.dataset_version': dataset.version } : {}),
    ...(targetColumn !== undefined ? { 'evaluation.targets': targetColumn } : {}),
  });
  run.logMetrics(options.values);
  if (dataset) await (await getStore()).logRunInputs({ runId: run.id, inputs: [{ datasetName: dataset.name, datasetVersion: dataset.version, context: 'evaluation' }] });
  await storeEvaluationRows(run.id, rows);
  await logRowFeedback({ rows, metrics });
  await run.logJson(toMlflowTable(toTable(rows)), 'eval_results_table.json');
  const metricErrorLines = describeMetricErrors(options.metricErrors, rows.length);
  if (metricErrorLines.length > 0) run.setTag(SYSTEM_TAGS.evaluationMetricErrors, metricErrorLines.join('\n').slice(0, LIMITS.runTagValueLength));
  if (checks.length > 0) run.setTag(SYSTEM_TAGS.evaluationThresholds, checks.every((check) => check.passed) ? 'passed' : 'failed');
  await run.flush();
}

/** MLflow's `eval_results_table.json` layout (pandas' split orientation). */
function toMlflowTable(table: readonly Record<string, unknown>[]): { columns: string[]; data: unknown[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of table) for (const key of Object.keys(row)) if (!seen.has(key)) { seen.add(key); columns.push(key); }
  return { columns, data: table.map((row) => columns.map((column) => row[column] ?? null)) };
}
