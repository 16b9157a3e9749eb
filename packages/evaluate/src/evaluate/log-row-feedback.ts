import { MAX_ASSESSMENTS_PER_CALL, errorMessage, type AssessmentSource, type NewAssessment } from '@assay/core';
import type { Metric } from '@assay/metrics';
import { flush, getStore } from '@assay/sdk';
import type { EvaluatedRow } from './evaluation-result.js';

/** Options of `logRowFeedback`. */
export interface LogRowFeedbackOptions {
  /** The scored rows; those with a trace (a model ran) get feedback. */
  rows: readonly EvaluatedRow[];
  /** The metrics that scored them. */
  metrics: readonly Metric[];
}

function sourceOf(metric: Metric): AssessmentSource {
  return metric.judge === undefined ? { sourceType: 'CODE', sourceId: metric.name } : { sourceType: 'LLM_JUDGE', sourceId: metric.judge.model };
}

/** Each metric column's value on a row as feedback; a metric that failed on the row as feedback with its error. */
function rowFeedback(row: EvaluatedRow, metrics: readonly Metric[], traceId: string): NewAssessment[] {
  const feedback: NewAssessment[] = [];
  for (const metric of metrics) {
    const source = sourceOf(metric);
    const rationale = row.justifications[metric.name];
    const failure = row.metricErrors[metric.name];
    for (const column of metric.columns) {
      const value = row.metrics[column];
      if (value !== null && value !== undefined) {
        feedback.push({ traceId, name: column, source, feedback: { value }, ...(rationale !== undefined ? { rationale } : {}) });
      } else if (failure !== undefined) {
        feedback.push({ traceId, name: column, source, feedback: { value: null, error: { errorCode: 'METRIC_ERROR', errorMessage: failure } } });
      }
    }
  }
  return feedback;
}

/**
 * Part of the log step of `evaluate()`: records each row's metric scores as
 * feedback on the row's trace (MLflow's evaluate logs its scorers' results
 * the same way): LLM judges' as LLM_JUDGE feedback with the judge's
 * justification as rationale, the others' as CODE feedback. The evaluation's
 * own results are already stored, so a store that refuses them is reported
 * as a warning, not thrown.
 */
export async function logRowFeedback({ rows, metrics }: LogRowFeedbackOptions): Promise<void> {
  const assessments = rows.flatMap((row) => (row.traceId === undefined ? [] : rowFeedback(row, metrics, row.traceId)));
  if (assessments.length === 0) return;
  // The rows' spans may still be queued for export: the traces must be stored before they are assessed.
  // Outside the try: a buffered write that failed is the evaluation's to report, as its run's flush would.
  await flush();
  try {
    const store = await getStore();
    for (let start = 0; start < assessments.length; start += MAX_ASSESSMENTS_PER_CALL) {
      await store.logAssessments({ assessments: assessments.slice(start, start + MAX_ASSESSMENTS_PER_CALL) });
    }
  } catch (error) {
    console.warn(`[assay] evaluate() could not record the metric scores as feedback on the rows' traces: ${errorMessage(error)}`);
  }
}
