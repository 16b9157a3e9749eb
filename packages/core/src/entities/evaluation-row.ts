/** One row of an evaluation's results, as stored (the `evaluation_rows` table). */
export interface EvaluationRowRecord {
  /** The row's position in the evaluated data (0-based); unique per run. */
  rowIndex: number;
  /** The inputs given to the model (JSON). */
  inputs: Record<string, unknown>;
  /** The model's output or the prediction (JSON); undefined when the call failed. */
  output?: unknown;
  /** The expected output (JSON), if any. */
  targets?: unknown;
  /** Milliseconds the model call took. */
  latencyMs?: number;
  /** The trace of the model call. */
  traceId?: string;
  /** Why the model call failed. */
  error?: string;
  /** Metric values by column; null where not applicable. */
  metrics: Record<string, number | null>;
  /** Judges' justifications by metric name. */
  justifications?: Record<string, string>;
}
