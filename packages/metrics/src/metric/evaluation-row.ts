/** One row of an evaluation as metrics see it: what went in, what came out, what was expected. */
export interface EvaluationRow {
  /** The row's position in the data (0-based). */
  index: number;
  /** The inputs given to the model (the data row minus targets and predictions). */
  inputs: Record<string, unknown>;
  /** The model's output, or the row's prediction column; undefined when the call failed. */
  output: unknown;
  /** The expected output (the targets column); undefined when the data has none. */
  targets: unknown;
  /** Retrieved contexts for RAG metrics (the `contexts` or `context` column), if any. */
  context?: unknown;
  /** Milliseconds the model call took (absent for precomputed predictions). */
  latencyMs?: number;
  /** Why the model call failed; metrics skip failed rows. */
  error?: string;
  /** The trace of the model call. */
  traceId?: string;
}
