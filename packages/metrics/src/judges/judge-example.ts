/** A graded example shown to the judge (few-shot), as in MLflow's `EvaluationExample`. */
export interface JudgeExample {
  /** The inputs of the example (e.g. `{ question }`), or the question as text. */
  inputs?: Record<string, unknown> | string;
  /** The output being graded. */
  output: unknown;
  /** The expected output, if the metric uses one. */
  targets?: unknown;
  /** The retrieved context, if the metric uses one. */
  context?: unknown;
  /** The score the example deserves. */
  score: number;
  /** Why. */
  justification: string;
}
