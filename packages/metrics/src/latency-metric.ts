import type { EvaluationRow } from './metric/evaluation-row.js';
import type { Metric, RowScore } from './metric/metric.js';

/**
 * The `latency` metric: the milliseconds each model call took
 * (`row.latencyMs`), null for precomputed predictions. Unlike other metrics it
 * also reports rows whose call failed, since a slow failure is still a cost.
 * `evaluate()` always adds it.
 */
export function latencyMetric(): Metric {
  return {
    name: 'latency',
    greaterIsBetter: false,
    columns: ['latency'],
    scoreRows(rows: readonly EvaluationRow[]): Promise<RowScore[]> {
      return Promise.resolve(
        rows.map((row) => ({
          values: { latency: typeof row.latencyMs === 'number' && Number.isFinite(row.latencyMs) ? row.latencyMs : null },
        })),
      );
    },
  };
}
