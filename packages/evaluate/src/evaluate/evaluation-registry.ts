import type { EvaluationResult } from './evaluation-result.js';
import type { ThresholdCheck } from './threshold-error.js';

/** What `assay eval` learns of each evaluation a file ran. */
export interface RecordedEvaluation {
  /** The run the evaluation logged to. */
  runId: string;
  /** Its aggregate metrics, as logged to the run. */
  metrics: Record<string, number>;
  /** How many rows it evaluated. */
  rows: number;
  /** Its threshold checks (empty without thresholds). */
  checks: ThresholdCheck[];
}

// A global, so that `assay eval` sees the evaluations of a file even when the
// file loads its own copy of @assay/evaluate.
const KEY = Symbol.for('assay.evaluate.recorded');

function recorded(): RecordedEvaluation[] {
  const holder = globalThis as { [KEY]?: RecordedEvaluation[] };
  holder[KEY] ??= [];
  return holder[KEY];
}

export function recordEvaluation(result: EvaluationResult, checks: ThresholdCheck[]): void {
  recorded().push({ runId: result.runId, metrics: result.metrics, rows: result.rows.length, checks });
}

/** The evaluations run in this process so far, oldest first. */
export function recordedEvaluations(): readonly RecordedEvaluation[] {
  return recorded();
}
