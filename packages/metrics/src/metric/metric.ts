import type { EvaluationRow } from './evaluation-row.js';

/** What one metric says about one row: a value per column (null: not applicable), an optional justification. */
export interface RowScore {
  /** Values by column name; `null` when the row cannot be scored (e.g. no target). */
  values: Record<string, number | null>;
  /** A judge's reasoning, or why a row got its value. */
  justification?: string;
  /** Sufficient statistics behind the values (e.g. BLEU n-gram counts), for corpus scores and resampling. */
  statistics?: unknown;
  /** Why scoring this row failed (the value is then null). */
  error?: string;
}

/**
 * A row field a metric reads: `targets` (the expected output), `context`
 * (retrieved contexts) or `inputs`. `evaluate()` checks, before any model
 * call, that the data has a column for each, since without one the metric
 * could score no row.
 */
export type MetricRequirement = 'inputs' | 'targets' | 'context';

/** Shared by every metric of one `evaluate()` call. */
export interface MetricContext {
  /** How many rows a metric may score at once (judges call an endpoint with this concurrency). */
  concurrency: number;
  /** Aborted when the evaluation is cancelled. */
  signal?: AbortSignal;
}

/**
 * A metric as `evaluate()` runs it. Build one with `defineMetric`, or use a
 * built-in (`bleu()`, `rouge()`, `exactMatch()`, judges, ...).
 */
export interface Metric {
  /** The metric's name, e.g. `rouge` or `answer_correctness`. */
  readonly name: string;
  /** True when higher values are better (thresholds and comparisons read this). */
  readonly greaterIsBetter: boolean;
  /** The per-row values it produces, e.g. `['rouge1', 'rouge2', 'rougeL', 'rougeLsum']`; default `[name]`. */
  readonly columns: readonly string[];
  /** The row fields it cannot score without (e.g. `['targets']` for exact match); default none. */
  readonly requires?: readonly MetricRequirement[];
  /**
   * Set on LLM-as-judge metrics (`makeJudge` and the built-in judges): the
   * judge's model. `evaluate()` records a judge's row scores on each row's
   * trace as LLM_JUDGE feedback (other metrics' as CODE feedback).
   */
  readonly judge?: { readonly model: string };
  /**
   * Scores every row (failed rows included: return null values for them). One
   * entry per row, in order. A value is a finite number, or null when the row
   * does not apply; anything else (NaN, a string, a missing column) is
   * recorded by `evaluate()` as an error on that row, like `error`.
   */
  scoreRows(rows: readonly EvaluationRow[], context: MetricContext): Promise<RowScore[]>;
  /**
   * Corpus-level values from the rows' scores (e.g. corpus BLEU from summed
   * n-gram statistics), by column. Columns without one are summarised by
   * their mean. Also called on resampled rows by `compareEvaluations`.
   */
  aggregate?(scores: readonly RowScore[]): Record<string, number>;
}
