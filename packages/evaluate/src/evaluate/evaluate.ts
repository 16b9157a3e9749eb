import { InvalidParameterError, type DatasetInfo } from '@assay/core';
import { activeRun, getRun, getStore, withRun, withSpan, type ActiveRun } from '@assay/sdk';
import { checkThresholds, needsBaseline, validateThresholds, type Thresholds } from './check-thresholds.js';
import { createProgress, wantsProgress } from './create-progress.js';
import type { EvaluatedRow, EvaluationResult } from './evaluation-result.js';
import { toTable } from './evaluation-result.js';
import type { EvaluationRow } from './evaluation-row.js';
import { latencyMetric } from '../metrics/latency-metric.js';
import type { Metric, RowScore } from './metric.js';
import { resolvePreset, type EvaluationPreset } from './presets.js';
import { recordEvaluation } from './evaluation-registry.js';
import {
  CONTEXT_COLUMNS,
  findColumn,
  isDatasetLike,
  TARGET_COLUMNS,
  validateRows,
  type DatasetLike,
  type EvaluationData,
} from './resolve-evaluation-data.js';
import { runWithConcurrency } from './run-with-concurrency.js';
import { storeEvaluationRows } from './store-evaluation-rows.js';
import { summarizeValues, type ValueSummary } from './summarize-values.js';
import { ThresholdError } from './threshold-error.js';

/** The model under evaluation: the row's input columns in, an output out (sync or async). */
export type EvaluatedModel = (inputs: Record<string, unknown>, row: { index: number }) => unknown;

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** The rows: a dataset (from `getDataset`/`createDataset`), a stored dataset's name, or an array of row objects. */
  data: DatasetLike | string | Record<string, unknown>[];
  /** With `data` as a name: the version (default the latest). */
  datasetVersion?: number;
  /** Called once per row with its input columns; its result is the row's output. Each call is traced. */
  model?: EvaluatedModel;
  /** Without a model: the column holding precomputed outputs. */
  predictions?: string;
  /** The column of expected outputs; default the first of expected, expected_answer, expected_output, target, reference, reference_summary, ... */
  targets?: string;
  /** The column of retrieved contexts (RAG); default contexts, context or retrieved_contexts. */
  context?: string;
  /** The input columns given to the model; default every column except targets and predictions. */
  inputs?: string[];
  /** Metrics to compute (with or after a preset's). */
  metrics?: Metric[];
  /** A ready-made set of metrics for a task. */
  preset?: EvaluationPreset;
  /** Rows evaluated at once (model calls in flight). Default 4. */
  concurrency?: number;
  /** The run's name; a new run is created when given (else the active run is used, or a new one). */
  runName?: string;
  /** The experiment of the new run. */
  experimentName?: string;
  /** Bounds on the aggregate metrics; a miss throws `ThresholdError` (after everything is logged). */
  thresholds?: Thresholds;
  /** A previous evaluation (its result or run id) for thresholds relative to a baseline. */
  baseline?: string | Pick<EvaluationResult, 'metrics' | 'runId'>;
  /** Show a progress bar; default: on an interactive terminal outside CI. */
  progress?: boolean;
}

const OPTION_NAMES = new Set([
  'data', 'datasetVersion', 'model', 'predictions', 'targets', 'context', 'inputs', 'metrics', 'preset',
  'concurrency', 'runName', 'experimentName', 'thresholds', 'baseline', 'progress',
]);

function validateOptions(options: EvaluateOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidParameterError('evaluate() takes an options object: evaluate({ data, model, metrics }).');
  const unknown = Object.keys(options).filter((key) => !OPTION_NAMES.has(key));
  if (unknown.length > 0) {
    throw new InvalidParameterError(`evaluate() does not know the option ${unknown.map((key) => `'${key}'`).join(', ')}. Known options: ${[...OPTION_NAMES].join(', ')}.`);
  }
  if (options.model !== undefined && typeof options.model !== 'function') throw new InvalidParameterError('evaluate() option model must be a function (inputs) => output.');
  if (options.model === undefined && options.predictions === undefined) {
    throw new InvalidParameterError('evaluate() needs a model function, or `predictions`: the column that holds precomputed outputs.');
  }
  if (options.model !== undefined && options.predictions !== undefined) {
    throw new InvalidParameterError('evaluate() takes a model or a predictions column, not both.');
  }
  const concurrency = options.concurrency;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 1024)) {
    throw new InvalidParameterError(`evaluate() option concurrency must be a whole number from 1 to 1024, got ${JSON.stringify(concurrency)}.`);
  }
  if (options.metrics !== undefined && (!Array.isArray(options.metrics) || options.metrics.some((metric) => typeof metric?.scoreRows !== 'function'))) {
    throw new InvalidParameterError('evaluate() option metrics must be a list of metrics (built-ins such as rougeMetric(), or defineMetric({...})).');
  }
  if (options.metrics === undefined && options.preset === undefined && options.model === undefined) {
    throw new InvalidParameterError('evaluate() has nothing to compute: give metrics, a preset, or a model (whose latency is measured).');
  }
}

async function resolveData(options: EvaluateOptions): Promise<EvaluationData> {
  const { data } = options;
  if (typeof data === 'string') {
    const store = await getStore();
    const dataset = await store.getDataset({ name: data, version: options.datasetVersion });
    const rows: Record<string, unknown>[] = [];
    const pageSize = 10_000;
    for (let offset = 0; offset < dataset.rowCount; offset += pageSize) {
      rows.push(...(await store.readDatasetRows({ name: dataset.name, version: dataset.version, limit: pageSize, offset })));
    }
    return { rows: validateRows(rows, `dataset '${data}'`), dataset };
  }
  if (isDatasetLike(data)) return { rows: validateRows(await data.toArray(), `dataset '${data.info.name}'`), dataset: data.info };
  return { rows: validateRows(data, 'evaluate() option data') };
}

function columnsOf(rows: readonly Record<string, unknown>[]): Set<string> {
  const columns = new Set<string>();
  for (const row of rows.slice(0, 100)) for (const key of Object.keys(row)) columns.add(key);
  return columns;
}

function requireColumn(columns: ReadonlySet<string>, name: string | undefined, option: string): void {
  if (name !== undefined && !columns.has(name)) {
    throw new InvalidParameterError(`evaluate() option ${option} names the column '${name}', which the data does not have. Columns: ${[...columns].join(', ')}.`);
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}

async function baselineMetrics(baseline: EvaluateOptions['baseline']): Promise<Record<string, number> | undefined> {
  if (baseline === undefined) return undefined;
  if (typeof baseline === 'string') return (await getRun(baseline)).data.metrics;
  return baseline.metrics;
}

/** Aggregates by column: the summary statistics, and corpus values where the metric defines them. */
function aggregate(metrics: readonly Metric[], scores: ReadonlyMap<string, readonly RowScore[]>, rows: readonly EvaluatedRow[]) {
  const summaries: Record<string, ValueSummary> = {};
  const values: Record<string, number> = {};
  for (const metric of metrics) {
    const corpus = metric.aggregate?.(scores.get(metric.name) ?? []) ?? {};
    for (const column of metric.columns) {
      const summary = summarizeValues(rows.map((row) => row.metrics[column]));
      if (summary === undefined) continue;
      summaries[column] = summary;
      values[column] = corpus[column] ?? summary.mean;
      for (const statistic of ['mean', 'std', 'p50', 'p90', 'min', 'max'] as const) values[`${column}_${statistic}`] = summary[statistic];
    }
  }
  const failed = rows.filter((row) => row.error !== undefined).length;
  values['rows'] = rows.length;
  values['rows_failed'] = failed;
  values['error_rate'] = rows.length === 0 ? 0 : failed / rows.length;
  return { summaries, values };
}

async function inRun<T>(options: EvaluateOptions, dataset: DatasetInfo | undefined, work: (run: ActiveRun) => Promise<T>): Promise<T> {
  const current = activeRun();
  if (current && options.runName === undefined && options.experimentName === undefined) return work(current);
  return withRun(
    {
      ...(options.runName !== undefined ? { runName: options.runName } : {}),
      ...(options.experimentName !== undefined ? { experimentName: options.experimentName } : {}),
      ...(current ? { nested: true } : {}),
      tags: { 'assay.evaluation': 'true', ...(dataset ? { 'assay.evaluation.dataset': `${dataset.name}@${dataset.version}` } : {}) },
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
 * @example
 * const result = await evaluate({
 *   data: [{ question: 'Capital of France?', expected: 'Paris' }],
 *   model: async ({ question }) => answer(String(question)),
 *   metrics: [exactMatchMetric(), rougeMetric()],
 *   thresholds: { rougeL: { min: 0.4 }, latency_p90: { max: 2000 } },
 * });
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationResult> {
  validateOptions(options);
  const thresholds = validateThresholds(options.thresholds);
  if (needsBaseline(thresholds) && options.baseline === undefined) {
    throw new InvalidParameterError('evaluate() thresholds compare with a baseline (…RelativeToBaseline / …DeltaToBaseline): pass `baseline`, a previous result or its run id.');
  }
  const data = await resolveData(options);
  const columns = columnsOf(data.rows);
  requireColumn(columns, options.targets, 'targets');
  requireColumn(columns, options.predictions, 'predictions');
  requireColumn(columns, options.context, 'context');
  const targetColumn = options.targets ?? findColumn(columns, TARGET_COLUMNS);
  const contextColumn = options.context ?? findColumn(columns, CONTEXT_COLUMNS);
  const excluded = new Set([targetColumn, options.predictions].filter((column): column is string => column !== undefined));
  const inputColumns = options.inputs ?? [...columns].filter((column) => !excluded.has(column));
  for (const column of inputColumns) requireColumn(columns, column, 'inputs');

  const metrics: Metric[] = [...(options.preset !== undefined ? resolvePreset(options.preset) : []), ...(options.metrics ?? [])];
  if (options.model !== undefined && !metrics.some((metric) => metric.name === 'latency')) metrics.push(latencyMetric());
  const names = new Set<string>();
  for (const metric of metrics) {
    for (const column of metric.columns) {
      if (names.has(column)) throw new InvalidParameterError(`Two metrics produce the column '${column}'; give each metric a distinct name.`);
      names.add(column);
    }
  }
  const concurrency = options.concurrency ?? 4;
  const baseline = await baselineMetrics(options.baseline);

  const outcome = await inRun(options, data.dataset, async (run) => {
    const rows: EvaluatedRow[] = data.rows.map((source, index) => ({
      index,
      inputs: Object.fromEntries(inputColumns.map((column) => [column, source[column]])),
      output: options.predictions !== undefined ? source[options.predictions] : undefined,
      targets: targetColumn !== undefined ? source[targetColumn] : undefined,
      ...(contextColumn !== undefined && source[contextColumn] !== undefined ? { context: source[contextColumn] } : {}),
      metrics: {},
      justifications: {},
      metricErrors: {},
    }));

    const model = options.model;
    if (model !== undefined) {
      const progress = createProgress(rows.length, options.progress ?? wantsProgress(), 'evaluate');
      try {
        await runWithConcurrency(
          rows.length,
          concurrency,
          async (index) => {
            const row = rows[index]!;
            const started = performance.now();
            try {
              row.output = await withSpan({ name: 'evaluate.predict', spanType: 'CHAIN', inputs: row.inputs, attributes: { 'assay.evaluation.row': index } }, async (span) => {
                row.traceId = span.traceId;
                return model(row.inputs, { index });
              });
            } catch (error) {
              row.error = errorMessage(error);
            }
            row.latencyMs = performance.now() - started;
          },
          () => progress.tick(),
        );
      } finally {
        progress.stop();
      }
    }

    const scores = new Map<string, RowScore[]>();
    for (const metric of metrics) {
      let metricScores: RowScore[];
      try {
        metricScores = await metric.scoreRows(rows as readonly EvaluationRow[], { concurrency });
      } catch (error) {
        metricScores = rows.map(() => ({ values: Object.fromEntries(metric.columns.map((column) => [column, null])), error: `metric ${metric.name} failed: ${errorMessage(error)}` }));
      }
      scores.set(metric.name, metricScores);
      metricScores.forEach((score, index) => {
        const row = rows[index];
        if (!row) return;
        for (const column of metric.columns) row.metrics[column] = score.values[column] ?? null;
        if (score.justification !== undefined) row.justifications[metric.name] = score.justification;
        if (score.error !== undefined) row.metricErrors[metric.name] = score.error;
      });
    }

    const { summaries, values } = aggregate(metrics, scores, rows);
    run.logParams({
      'evaluation.rows': rows.length,
      'evaluation.metrics': metrics.map((metric) => metric.name).join(',').slice(0, 6000),
      ...(options.preset !== undefined ? { 'evaluation.preset': options.preset } : {}),
      ...(model !== undefined ? { 'evaluation.model': model.name || 'anonymous', 'evaluation.concurrency': concurrency } : {}),
      ...(data.dataset ? { 'evaluation.dataset': data.dataset.name, 'evaluation.dataset_version': data.dataset.version } : {}),
      ...(targetColumn !== undefined ? { 'evaluation.targets': targetColumn } : {}),
    });
    run.logMetrics(values);
    if (data.dataset) {
      await (await getStore()).logRunInputs({
        runId: run.id,
        inputs: [{ datasetName: data.dataset.name, datasetVersion: data.dataset.version, context: 'evaluation' }],
      });
    }
    const table = toTable(rows);
    await storeEvaluationRows(run.id, rows);
    await run.logJson(toMlflowTable(table), 'eval_results_table.json');
    const checks = checkThresholds(values, thresholds, baseline);
    if (checks.length > 0) run.setTag('assay.evaluation.thresholds', checks.every((check) => check.passed) ? 'passed' : 'failed');
    await run.flush();
    const result: EvaluationResult = {
      runId: run.id,
      experimentId: run.experimentId,
      metrics: values,
      summaries,
      rows,
      metricDefinitions: metrics,
      rowScores: scores,
      table: () => toTable(rows),
    };
    return { result, checks };
  });
  recordEvaluation(outcome.result, outcome.checks);
  if (outcome.checks.some((check) => !check.passed)) throw new ThresholdError(outcome.checks, outcome.result.runId);
  return outcome.result;
}

/** MLflow's `eval_results_table.json` layout (pandas' split orientation). */
function toMlflowTable(table: readonly Record<string, unknown>[]): { columns: string[]; data: unknown[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of table) for (const key of Object.keys(row)) if (!seen.has(key)) { seen.add(key); columns.push(key); }
  return { columns, data: table.map((row) => columns.map((column) => row[column] ?? null)) };
}
