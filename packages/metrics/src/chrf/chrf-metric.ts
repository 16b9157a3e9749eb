import type { Metric, RowScore } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { chrfFromStatistics } from './chrf-from-statistics.js';
import type { ChrfOptions } from './chrf-options.js';
import type { ChrfStatistics } from './chrf-score-of.js';
import { chrfStatistics } from './chrf-statistics.js';

/**
 * The `chrf` metric: sentence chrF per row (sacrebleu's CHRF, 0-100) and, as
 * the evaluation's value, corpus chrF from the rows' summed character n-gram
 * statistics. Rows without targets are not scored.
 */
export function chrfMetric(options: ChrfOptions = {}): Metric {
  chrfStatistics('', [''], options);
  return {
    name: 'chrf',
    greaterIsBetter: true,
    columns: ['chrf'],
    requires: ['targets'],
    async scoreRows(rows): Promise<RowScore[]> {
      return rows.map((row) => {
        const references = rowTargetTexts(row);
        if (row.error !== undefined || references.length === 0) return { values: { chrf: null } };
        const statistics = chrfStatistics(rowOutputText(row) ?? '', references, options);
        return { values: { chrf: chrfFromStatistics(statistics, options).score }, statistics };
      });
    },
    aggregate(scores): Record<string, number> {
      const statistics = scores.map((score) => score.statistics as ChrfStatistics | undefined).filter((entry): entry is ChrfStatistics => entry !== undefined);
      return statistics.length === 0 ? {} : { chrf: chrfFromStatistics(statistics, options).score };
    },
  };
}
