import { describe } from '@assay/core';
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

function failedScore(metric: Metric, error: string): RowScore {
  return { values: Object.fromEntries(metric.columns.map((column) => [column, null])), error };
}

function failEveryRow(metric: Metric, rows: readonly EvaluatedRow[], error: string): RowScore[] {
  return rows.map(() => failedScore(metric, error));
}

/**
 * A metric's scores as the contract promises them (`Metric.scoreRows`): one
 * per row, each value a finite number or null. A value that is anything else
 * becomes null with an error on its row, so that it is counted as a failure
 * rather than dropped from the aggregates without a word.
 */
function checkScores(metric: Metric, rows: readonly EvaluatedRow[], scores: unknown): RowScore[] {
  if (!Array.isArray(scores) || scores.length !== rows.length) {
    const returned = Array.isArray(scores) ? `${scores.length} score${scores.length === 1 ? '' : 's'}` : describe(scores);
    return failEveryRow(metric, rows, `metric ${metric.name} returned ${returned} for ${rows.length} rows`);
  }
  return (scores as unknown[]).map((entry) => {
    if (typeof entry !== 'object' || entry === null) return failedScore(metric, `metric ${metric.name} returned the score ${describe(entry)}, not { values }`);
    const score = entry as RowScore;
    const values = (score.values as RowScore['values'] | undefined) ?? {};
    let checked: RowScore | undefined;
    for (const column of metric.columns) {
      const value = values[column];
      if (value === null || (typeof value === 'number' && Number.isFinite(value))) continue;
      checked ??= { ...score, values: { ...values } };
      checked.values[column] = null;
      checked.error ??= `metric ${metric.name} gave the column ${column} ${value === undefined ? 'no value' : `the value ${describe(value)}, which is not a number`}`;
    }
    return checked ?? score;
  });
}

/**
 * The score step of `evaluate()`: every metric over every row. A metric that
 * throws, or gives a row something that is not a number, leaves null values
 * and its error on the rows concerned instead of failing the evaluation here
 * (`evaluate()` decides once every metric has run). Returns each metric's
 * row scores by metric name.
 */
export async function scoreRows(options: ScoreRowsOptions): Promise<Map<string, RowScore[]>> {
  const { rows, metrics, concurrency } = options;
  const scores = new Map<string, RowScore[]>();
  for (const metric of metrics) {
    let metricScores: RowScore[];
    try {
      metricScores = checkScores(metric, rows, await metric.scoreRows(rows as readonly EvaluationRow[], { concurrency }));
    } catch (error) {
      metricScores = failEveryRow(metric, rows, `metric ${metric.name} failed: ${describeFailure(error)}`);
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
