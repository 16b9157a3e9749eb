import { AssayError } from '@assay/core';
import { formatTextTable } from './format-text-table.js';
import type { MetricErrorSummary } from './summarize-metric-errors.js';

/** Options of `formatMetricErrorTable`. */
export interface FormatMetricErrorTableOptions {
  /** The metrics to list (those without errors are left out). */
  summaries: readonly MetricErrorSummary[];
  /** Rows in the evaluation. */
  rows: number;
}

/** The metrics' errors as a plain-text table (metric, errors, first error). */
export function formatMetricErrorTable({ summaries, rows }: FormatMetricErrorTableOptions): string {
  return formatTextTable(
    ['metric', 'errors', 'first error'],
    summaries
      .filter((summary) => summary.errors > 0)
      .map((summary) => [summary.metric, `${summary.errors} of ${rows} rows`, summary.firstError ? `row ${summary.firstError.row}: ${summary.firstError.message}` : '']),
  );
}

/** Options of the `EvaluationError` constructor. */
export interface EvaluationErrorOptions {
  /** The metrics that failed on every row they were given. */
  failures: MetricErrorSummary[];
  /** The run the evaluation logged to. */
  runId: string;
  /** Rows in the evaluation. */
  rows: number;
}

/**
 * Thrown by `evaluate()` when a metric failed on every row it was given (it
 * would otherwise be missing from the results without a word), after
 * everything is logged. `allowMetricErrors: true` reports such metrics in the
 * result instead. The message is a table of the failed metrics.
 */
export class EvaluationError extends AssayError {
  /** The metrics that failed, with their error counts and first errors. */
  readonly failures: MetricErrorSummary[];
  /** The run the evaluation logged to (its results are stored even though it failed). */
  readonly runId: string;

  constructor({ failures, runId, rows }: EvaluationErrorOptions) {
    const names = failures.map((failure) => failure.metric).join(', ');
    const subject = failures.length === 1 ? `The metric ${names} failed on every row it was` : `The metrics ${names} failed on every row they were`;
    super(
      'EVALUATION_FAILED',
      `${subject} given (run ${runId}); set allowMetricErrors: true to report metric errors without failing the evaluation.\n\n` +
        `${formatMetricErrorTable({ summaries: failures, rows })}\n`,
    );
    this.name = 'EvaluationError';
    this.failures = failures;
    this.runId = runId;
  }
}
