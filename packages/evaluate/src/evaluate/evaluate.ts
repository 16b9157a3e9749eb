import { InvalidParameterError, SYSTEM_TAGS, type DatasetInfo } from '@assay/core';
import { latencyMetric, resolvePreset, type Metric } from '@assay/metrics';
import { activeRun, getRun, withRun, type ActiveRun } from '@assay/sdk';
import { aggregateScores, metricErrorsKey } from './aggregate-scores.js';
import { checkMetricRequirements } from './check-metric-requirements.js';
import { checkThresholds, needsBaseline, validateThresholds } from './check-thresholds.js';
import { wantsProgress } from './create-progress.js';
import { validateEvaluateOptions, type EvaluateOptions } from './evaluate-options.js';
import { EvaluationError } from './evaluation-error.js';
import type { EvaluatedRow, EvaluationResult } from './evaluation-result.js';
import { toTable } from './evaluation-result.js';
import { recordEvaluation } from './evaluation-registry.js';
import { logEvaluation } from './log-evaluation.js';
import { predictRows } from './predict-rows.js';
import { resolveEvaluationColumns, type EvaluationColumns } from './resolve-evaluation-columns.js';
import { resolveEvaluationData } from './resolve-evaluation-data.js';
import { scoreRows } from './score-rows.js';
import { summarizeMetricErrors } from './summarize-metric-errors.js';
import { ThresholdError } from './threshold-error.js';

/**
 * The preset's metrics, then the given ones, plus latency when a model runs;
 * two metrics may not share a column, nor a column be another metric's error
 * count (`<metric>_errors`).
 */
function resolveMetrics(options: EvaluateOptions): Metric[] {
  const metrics: Metric[] = [...(options.preset !== undefined ? resolvePreset(options.preset) : []), ...(options.metrics ?? [])];
  if (options.model !== undefined && !metrics.some((metric) => metric.name === 'latency')) metrics.push(latencyMetric());
  const names = new Set<string>();
  for (const metric of metrics) {
    for (const column of [...metric.columns, metricErrorsKey(metric.name)]) {
      if (names.has(column)) throw new InvalidParameterError(`Two metrics produce the value '${column}' (a column, or a metric's error count <metric>_errors); give each metric a distinct name.`);
      names.add(column);
    }
  }
  return metrics;
}

async function baselineMetrics(baseline: EvaluateOptions['baseline']): Promise<Record<string, number> | undefined> {
  if (baseline === undefined) return undefined;
  if (typeof baseline === 'string') return (await getRun(baseline)).data.metrics;
  return baseline.metrics;
}

/** The rows as `evaluate()` fills them in: inputs, targets, context, and precomputed outputs. */
function toEvaluatedRows(rows: readonly Record<string, unknown>[], columns: EvaluationColumns, predictions: string | undefined): EvaluatedRow[] {
  const { targetColumn, contextColumn, inputColumns } = columns;
  return rows.map((source, index) => ({
    index,
    inputs: Object.fromEntries(inputColumns.map((column) => [column, source[column]])),
    output: predictions !== undefined ? source[predictions] : undefined,
    targets: targetColumn !== undefined ? source[targetColumn] : undefined,
    ...(contextColumn !== undefined && source[contextColumn] !== undefined ? { context: source[contextColumn] } : {}),
    metrics: {},
    justifications: {},
    metricErrors: {},
  }));
}

async function inRun<T>(options: EvaluateOptions, dataset: DatasetInfo | undefined, work: (run: ActiveRun) => Promise<T>): Promise<T> {
  const current = activeRun();
  if (current && options.runName === undefined && options.experimentName === undefined) return work(current);
  return withRun(
    {
      ...(options.runName !== undefined ? { runName: options.runName } : {}),
      ...(options.experimentName !== undefined ? { experimentName: options.experimentName } : {}),
      ...(current ? { nested: true } : {}),
      tags: { [SYSTEM_TAGS.evaluation]: 'true', ...(dataset ? { [SYSTEM_TAGS.evaluationDataset]: `${dataset.name}@${dataset.version}` } : {}) },
    },
    work,
  );
}

/**
 * Runs a dataset through a model and scores the outputs: each row's model
 * call is traced (its trace id kept on the row); a failing row is recorded on
 * that row and the rest go on. Aggregate metrics are logged to a run (the
 * active one, or a new one), the per-row table is stored in DuckDB
 * (`evaluation_rows`, queryable with `assay sql`) and as the run artifact
 * `eval_results_table.json`; thresholds are checked last and a miss throws
 * `ThresholdError`, whose message is a table of every check.
 *
 * A metric that fails on a row (throws, or returns anything but a finite
 * number or null) records its error on that row; each metric's error count
 * and first error are in the result's `metricErrors` and on the run. A metric
 * that fails on every row it was given throws `EvaluationError` (in
 * preference to a `ThresholdError`) unless `allowMetricErrors` is set. A
 * metric that requires a column the data lacks (exact match without a target
 * column) is an error before any model call.
 *
 * @example
 * const result = await evaluate({
 *   data: [{ question: 'Capital of France?', expected: 'Paris' }],
 *   model: async ({ question }) => answer(String(question)),
 *   metrics: [exactMatchMetric(), rougeMetric()],
 *   thresholds: { rougeL: { min: 0.4 }, latency_p90: { max: 2000 } },
 * });
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationResult> {
  validateEvaluateOptions(options);
  const thresholds = validateThresholds(options.thresholds);
  if (needsBaseline(thresholds) && options.baseline === undefined) {
    throw new InvalidParameterError('evaluate() thresholds compare with a baseline (…RelativeToBaseline / …DeltaToBaseline): pass `baseline`, a previous result or its run id.');
  }
  const data = await resolveEvaluationData(options);
  const columns = resolveEvaluationColumns({ rows: data.rows, targets: options.targets, predictions: options.predictions, context: options.context, inputs: options.inputs });
  const metrics = resolveMetrics(options);
  checkMetricRequirements({ metrics, columns, predictions: options.predictions, modelRuns: options.model !== undefined });
  const concurrency = options.concurrency ?? 4;
  const baseline = await baselineMetrics(options.baseline);
  const { model } = options;

  const outcome = await inRun(options, data.dataset, async (run) => {
    const rows = toEvaluatedRows(data.rows, columns, options.predictions);
    if (model !== undefined) await predictRows({ rows, model, concurrency, progress: options.progress ?? wantsProgress() });
    const scores = await scoreRows({ rows, metrics, concurrency });
    const metricErrors = summarizeMetricErrors({ metrics, rows });
    const { summaries, values } = aggregateScores({ metrics, scores, rows, metricErrors });
    const checks = checkThresholds(values, thresholds, baseline);
    await logEvaluation({
      run,
      rows,
      metrics,
      values,
      checks,
      preset: options.preset,
      model: model === undefined ? undefined : { name: model.name, concurrency },
      dataset: data.dataset,
      targetColumn: columns.targetColumn,
      metricErrors,
    });
    const result: EvaluationResult = {
      runId: run.id,
      experimentId: run.experimentId,
      metrics: values,
      metricErrors,
      summaries,
      rows,
      metricDefinitions: metrics,
      rowScores: scores,
      table: () => toTable(rows),
    };
    return { result, checks };
  });
  recordEvaluation(outcome.result, outcome.checks);
  const failures = Object.values(outcome.result.metricErrors).filter((summary) => summary.failed);
  if (failures.length > 0 && options.allowMetricErrors !== true) {
    throw new EvaluationError({ failures, runId: outcome.result.runId, rows: outcome.result.rows.length });
  }
  if (outcome.checks.some((check) => !check.passed)) throw new ThresholdError(outcome.checks, outcome.result.runId);
  return outcome.result;
}
