import { InvalidParameterError } from '@assay/core';
import type { EvaluationPreset, Metric } from '@assay/metrics';
import type { Thresholds } from './check-thresholds.js';
import type { EvaluationResult } from './evaluation-result.js';
import type { DatasetLike } from './resolve-evaluation-data.js';

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
  /**
   * Report a metric that failed on every row it was given (in the result's
   * `metricErrors`, on the run and in `assay eval`'s summary) instead of
   * throwing `EvaluationError`. Default false. Metrics that fail on some rows
   * only are reported either way.
   */
  allowMetricErrors?: boolean;
}

const OPTION_NAMES = new Set([
  'data', 'datasetVersion', 'model', 'predictions', 'targets', 'context', 'inputs', 'metrics', 'preset',
  'concurrency', 'runName', 'experimentName', 'thresholds', 'baseline', 'progress', 'allowMetricErrors',
]);

/** Checks the options of `evaluate` before anything runs; errors say what is wrong and how to fix it. */
export function validateEvaluateOptions(options: EvaluateOptions): void {
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
  if (options.allowMetricErrors !== undefined && typeof options.allowMetricErrors !== 'boolean') {
    throw new InvalidParameterError(`evaluate() option allowMetricErrors must be true or false, got ${JSON.stringify(options.allowMetricErrors)}.`);
  }
  if (options.metrics === undefined && options.preset === undefined && options.model === undefined) {
    throw new InvalidParameterError('evaluate() has nothing to compute: give metrics, a preset, or a model (whose latency is measured).');
  }
}
