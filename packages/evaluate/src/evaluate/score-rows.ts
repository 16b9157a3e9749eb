import type { EvaluationRow, Metric, RowScore } from '@assay/metrics';
import { describeFailure } from './describe-failure.js';
import type { EvaluatedRow } from './evaluation-result.js';

/** Options of `scoreRows`. */
export interface ScoreRowsOptions {
  /** The predicted rows; each gets its metric values, justifications and metric errors. */
  rows: EvaluatedRow[];
  /** The metrics, run one after the other. */
  metrics: readonly Metric[];
  /** How many rows a metric may score at once (judges' requests in flight). */
  concurrency: number;
}

/**
 * The score step of `evaluate()`: every metric over every row. A metric that
 * throws leaves null values and its error on each row instead of failing the
 * evaluation. Returns each metric's row scores by metric name.
 */
export async function scoreRows(options: ScoreRowsOptions): Promise<Map<string, RowScore[]>> {
  const { rows, metrics, concurrency } = options;
  const scores = new Map<string, RowScore[]>();
  for (const metric of metrics) {
    let metricScores: RowScore[];
    try {
      metricScores = await metric.scoreRows(rows as readonly EvaluationRow[], { concurrency });
    } catch (error) {
      metricScores = rows.map(() => ({ values: Object.fromEntries(metric.columns.map((column) => [column, null])), error: `metric ${metric.name} failed: ${describeFailure(error)}` }));
    }
    scores.set(metric.name, metricScores);
    metricScores.forEach((score, index) => {
      const row = rows[index];
      if (!row) return;
      for (const column of metric.columns) row.metrics[column] = score.values[column] ?? null;
      if (score.justification !== undefined) row.justifications[metric.name] = score.justification;
      if (score.error !== undefined) row.metricErrors[metric.name] = score.error;
    });
  }
  return scores;
}
