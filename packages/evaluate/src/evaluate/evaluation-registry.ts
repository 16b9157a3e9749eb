import type { EvaluationResult } from './evaluation-result.js';
import type { MetricErrorSummary } from './summarize-metric-errors.js';
import type { ValueSummary } from './summarize-values.js';
import type { ThresholdCheck } from './threshold-error.js';

/** What `assay eval` learns of each evaluation a file ran. */
export interface RecordedEvaluation {
  /** The run the evaluation logged to. */
  runId: string;
  /** The experiment of that run (absent when recorded by an older copy of @assay/evaluate, as the ones below). */
  experimentId?: string;
  /** Its aggregate metrics, as logged to the run. */
  metrics: Record<string, number>;
  /** The summary statistics of each metric column. */
  summaries?: Record<string, ValueSummary>;
  /** Each metric's errors, by metric name. */
  metricErrors?: Record<string, MetricErrorSummary>;
  /** How many rows it evaluated. */
  rows: number;
  /** Its threshold checks (empty without thresholds). */
  checks: ThresholdCheck[];
}

// A global, so that `assay eval` sees the evaluations of a file even when the
// file loads its own copy of @assay/evaluate (which may be older than the
// CLI's, hence the optional fields above).
const KEY = Symbol.for('assay.evaluate.recorded');

function recorded(): RecordedEvaluation[] {
  const holder = globalThis as { [KEY]?: RecordedEvaluation[] };
  holder[KEY] ??= [];
  return holder[KEY];
}

export function recordEvaluation(result: EvaluationResult, checks: ThresholdCheck[]): void {
  const { runId, experimentId, metrics, summaries, metricErrors } = result;
  recorded().push({ runId, experimentId, metrics, summaries, metricErrors, rows: result.rows.length, checks });
}

/** The evaluations run in this process so far, oldest first. */
export function recordedEvaluations(): readonly RecordedEvaluation[] {
  return recorded();
}
