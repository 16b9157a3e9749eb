import type { AssayError } from '@assay/core';
import type { MetricErrorSummary, RecordedEvaluation, ThresholdCheck, ValueSummary } from '@assay/evaluate';

/** One evaluation as `assay eval --json` prints it. */
export interface EvaluationJson {
  /** The run the evaluation logged to. */
  runId: string;
  /** The experiment of that run (null when an older @assay/evaluate ran the evaluation, as for the empty objects below). */
  experimentId: string | null;
  /** Rows evaluated, rows whose model call failed, and their share. */
  summary: { rows: number; rowsFailed: number; errorRate: number };
  /** Per metric column: its value (the corpus value or mean, as logged) and its summary statistics. */
  metrics: Record<string, ValueSummary & { value: number | null }>;
  /** Each metric's error count, rows scored and first error, by metric name. */
  metricErrors: Record<string, MetricErrorSummary>;
  /** The threshold checks (empty without thresholds). */
  thresholds: ThresholdCheck[];
}

/** What `assay eval --json` prints: the whole outcome of an evaluation file. */
export interface EvaluationFileJson {
  /** The evaluation file's absolute path. */
  file: string;
  /** True when the command exits 0: the file ran, every metric scored and every threshold held. */
  passed: boolean;
  /** The evaluations the file ran, in order. */
  evaluations: EvaluationJson[];
  /** Why the command fails (the same error it prints on stderr); absent when it passes. */
  error?: { code: string; message: string };
}

/** Options of `toEvaluationFileJson`. */
export interface ToEvaluationFileJsonOptions {
  /** The evaluation file's absolute path. */
  file: string;
  /** The evaluations the file ran. */
  evaluations: readonly RecordedEvaluation[];
  /** The error the command fails with, if any. */
  error: AssayError | undefined;
}

function toEvaluationJson(evaluation: RecordedEvaluation): EvaluationJson {
  const { metrics } = evaluation;
  return {
    runId: evaluation.runId,
    experimentId: evaluation.experimentId ?? null,
    summary: { rows: evaluation.rows, rowsFailed: metrics['rows_failed'] ?? 0, errorRate: metrics['error_rate'] ?? 0 },
    metrics: Object.fromEntries(Object.entries(evaluation.summaries ?? {}).map(([column, summary]) => [column, { value: metrics[column] ?? null, ...summary }])),
    metricErrors: evaluation.metricErrors ?? {},
    thresholds: evaluation.checks,
  };
}

/** The outcome of `assay eval <file>` as one JSON document. */
export function toEvaluationFileJson({ file, evaluations, error }: ToEvaluationFileJsonOptions): EvaluationFileJson {
  return {
    file,
    passed: error === undefined,
    evaluations: evaluations.map(toEvaluationJson),
    ...(error ? { error: { code: error.code, message: error.message } } : {}),
  };
}
