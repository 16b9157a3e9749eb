import type { Metric, RowScore } from '@assay/metrics';
import type { EvaluatedRow } from './evaluation-result.js';
import type { MetricErrorSummary } from './summarize-metric-errors.js';
import { summarizeValues, type ValueSummary } from './summarize-values.js';

/** Options of `aggregateScores`. */
export interface AggregateScoresOptions {
  /** The metrics that scored the rows. */
  metrics: readonly Metric[];
  /** Each metric's row scores, by metric name (for corpus values). */
  scores: ReadonlyMap<string, readonly RowScore[]>;
  /** The scored rows. */
  rows: readonly EvaluatedRow[];
  /** Each metric's errors, by metric name (logged as `<metric>_errors`). */
  metricErrors: Readonly<Record<string, MetricErrorSummary>>;
}

/** An evaluation's aggregates: the summary of each column and the values logged to the run. */
export interface AggregatedScores {
  /** The summary statistics of each metric column. */
  summaries: Record<string, ValueSummary>;
  /**
   * Per column its corpus value (or mean) and `_mean`, `_std`, `_p50`,
   * `_p90`, `_min`, `_max`; per metric `<metric>_errors`; plus `rows`,
   * `rows_failed`, `error_rate`.
   */
  values: Record<string, number>;
}

/** The aggregate key of a metric's error count. */
export function metricErrorsKey(metricName: string): string {
  return `${metricName}_errors`;
}

/**
 * Aggregates by column: the summary statistics, and corpus values where the
 * metric defines them. Every metric's error count is a value too, zero
 * included, so that a threshold such as `{ judge_errors: { max: 0 } }` always
 * has a value to check.
 */
export function aggregateScores(options: AggregateScoresOptions): AggregatedScores {
  const { metrics, scores, rows, metricErrors } = options;
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
    values[metricErrorsKey(metric.name)] = metricErrors[metric.name]?.errors ?? 0;
  }
  const failed = rows.filter((row) => row.error !== undefined).length;
  values['rows'] = rows.length;
  values['rows_failed'] = failed;
  values['error_rate'] = rows.length === 0 ? 0 : failed / rows.length;
  return { summaries, values };
}
