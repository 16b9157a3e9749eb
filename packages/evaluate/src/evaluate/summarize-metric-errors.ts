import type { Metric } from '@assay/metrics';
import type { EvaluatedRow } from './evaluation-result.js';

/** Where a metric first failed. */
export interface MetricRowError {
  /** The row's index in the data (0-based). */
  row: number;
  /** Why the metric failed on that row. */
  message: string;
}

/** One metric's failures in an evaluation. */
export interface MetricErrorSummary {
  /** The metric's name. */
  metric: string;
  /** Rows on which the metric failed (threw, or returned something that is not a number). */
  errors: number;
  /** Rows to which it gave a value (in any of its columns). */
  scored: number;
  /**
   * True when it failed and scored no row: it would be missing from the
   * aggregates, so `evaluate()` throws `EvaluationError` unless
   * `allowMetricErrors` is set.
   */
  failed: boolean;
  /** Its first failure in row order; absent without errors. */
  firstError?: MetricRowError;
}

/** Options of `summarizeMetricErrors`. */
export interface SummarizeMetricErrorsOptions {
  /** The metrics that scored the rows. */
  metrics: readonly Metric[];
  /** The scored rows, with their metric values and errors. */
  rows: readonly EvaluatedRow[];
}

/** Each metric's error count, rows scored and first error, by metric name. */
export function summarizeMetricErrors(options: SummarizeMetricErrorsOptions): Record<string, MetricErrorSummary> {
  const summaries: Record<string, MetricErrorSummary> = {};
  for (const metric of options.metrics) {
    let errors = 0;
    let scored = 0;
    let firstError: MetricRowError | undefined;
    for (const row of options.rows) {
      const message = row.metricErrors[metric.name];
      if (message !== undefined) {
        errors += 1;
        firstError ??= { row: row.index, message };
      }
      if (metric.columns.some((column) => typeof row.metrics[column] === 'number')) scored += 1;
    }
    summaries[metric.name] = { metric: metric.name, errors, scored, failed: errors > 0 && scored === 0, ...(firstError ? { firstError } : {}) };
  }
  return summaries;
}

/** One line per metric with errors: `name: 2 of 10 rows failed; first on row 3: <message>`. */
export function describeMetricErrors(summaries: Readonly<Record<string, MetricErrorSummary>>, rows: number): string[] {
  return Object.values(summaries)
    .filter((summary) => summary.errors > 0)
    .map((summary) => `${summary.metric}: ${summary.errors} of ${rows} rows failed; first on row ${summary.firstError!.row}: ${summary.firstError!.message}`);
}
