import type { EvaluationRow, Metric, RowScore } from '@assay/metrics';
import type { MetricErrorSummary } from './summarize-metric-errors.js';
import type { ValueSummary } from './summarize-values.js';

/** One evaluated row: the row, its metric values and judges' justifications. */
export interface EvaluatedRow extends EvaluationRow {
  /** Metric values by column (null: not applicable or failed). */
  metrics: Record<string, number | null>;
  /** Judges' justifications by metric name. */
  justifications: Record<string, string>;
  /** Metric failures on this row, by metric name. */
  metricErrors: Record<string, string>;
}

/** What `evaluate()` returns. */
export interface EvaluationResult {
  /** The run the evaluation logged to. */
  runId: string;
  /** The experiment of that run. */
  experimentId: string;
  /**
   * Aggregate metrics, as logged to the run: per column `<column>` (the corpus
   * value when the metric has one, else the mean) and `<column>_mean`,
   * `_std`, `_p50`, `_p90`, `_min`, `_max`; per metric `<metric>_errors`;
   * plus `rows`, `rows_failed`, `error_rate`.
   */
  metrics: Record<string, number>;
  /**
   * Each metric's errors by metric name: how many rows it failed on, how many
   * it scored, its first error, and whether it failed on every row it was
   * given (which throws `EvaluationError` unless `allowMetricErrors` is set).
   */
  metricErrors: Record<string, MetricErrorSummary>;
  /** The summary of every column (count, mean, std, min, max, p50, p90). */
  summaries: Record<string, ValueSummary>;
  /** Every row with its output, latency, trace id, error and metric values. */
  rows: EvaluatedRow[];
  /** The metrics that scored the rows (for `compareEvaluations`). */
  metricDefinitions: readonly Metric[];
  /** Each metric's row scores, with their statistics (for corpus values on resampled rows). */
  rowScores: ReadonlyMap<string, readonly RowScore[]>;
  /**
   * The rows as flat records: `row`, the input columns, `output`, `targets`,
   * `latency_ms`, `trace_id`, `error`, one key per metric column, and
   * `<metric>/error` for each metric that failed on some row.
   */
  table(): Record<string, unknown>[];
}

/** The flat table of evaluated rows. */
export function toTable(rows: readonly EvaluatedRow[]): Record<string, unknown>[] {
  // Every row gets the error column of a metric that failed anywhere, so that the table stays rectangular.
  const failing = new Set<string>();
  for (const row of rows) for (const name in row.metricErrors) failing.add(name);
  return rows.map((row) => ({
    row: row.index,
    ...row.inputs,
    output: row.output ?? null,
    targets: row.targets ?? null,
    latency_ms: row.latencyMs ?? null,
    trace_id: row.traceId ?? null,
    error: row.error ?? null,
    ...row.metrics,
    ...Object.fromEntries(Object.entries(row.justifications).map(([name, text]) => [`${name}/justification`, text])),
    ...Object.fromEntries([...failing].map((name) => [`${name}/error`, row.metricErrors[name] ?? null])),
  }));
}
