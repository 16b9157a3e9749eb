import type { EvaluationRowJson } from '@assay/core';

/** One stored evaluation row as `GET /api/assay/v1/runs/{run_id}/evaluation-rows` returns it. */
export type EvaluationRow = EvaluationRowJson;

/** One column of `GET /api/assay/v1/evaluations/compare`. */
export interface EvaluationComparison {
  column: string;
  greater_is_better: boolean;
  a: number | null;
  b: number | null;
  delta: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
  p_value: number | null;
  wins: number;
  losses: number;
  ties: number;
  logged_value_differs: boolean;
}

/** The answer of `GET /api/assay/v1/evaluations/compare`. */
export interface EvaluationComparisonResult {
  a: { run_id: string; rows: number };
  b: { run_id: string; rows: number };
  samples: number;
  seed: number;
  comparisons: EvaluationComparison[];
}

/** Metric columns of a set of rows, in first-seen order. */
export function metricColumnsOf(rows: readonly EvaluationRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.metrics)) columns.add(key);
  return [...columns];
}

/** Exact-match-like columns, where a 0 is a wrong answer (not a low similarity). */
export function isExactMatchLike(column: string): boolean {
  return /exact_match|accuracy|correct|pass/i.test(column);
}

/** What counts as failing on the evaluation page: `errors`, or `zero` (errors, or 0 on an exact-match-like column). */
export type FailingMode = 'errors' | 'zero';

/** Why a row fails under `mode`, or undefined when it does not. */
export function failureOf(row: EvaluationRow, mode: FailingMode): string | undefined {
  if (row.error) return `the model call failed: ${row.error}`;
  const nullScores = Object.entries(row.metrics).filter(([, value]) => value === null);
  if (nullScores.length > 0 && row.output !== undefined && row.output !== null) return `no score for ${nullScores.map(([key]) => key).join(', ')} (the metric failed)`;
  if (mode === 'zero') {
    const zero = Object.entries(row.metrics).filter(([key, value]) => value === 0 && isExactMatchLike(key));
    if (zero.length > 0) return `${zero.map(([key]) => key).join(', ')} = 0`;
  }
  return undefined;
}
