import type { Metric, RowScore } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { parseRougeTypes, parseUseStemmer } from './parse-rouge-options.js';
import { rouge } from './rouge.js';
import { DEFAULT_ROUGE_TYPES, type RougeOptions } from './rouge-types.js';

/**
 * The ROUGE metrics: one column per type (`rouge1`, `rouge2`, `rougeL`,
 * `rougeLsum` by default), each the F-measure of rouge-score 0.1.2 against
 * the row's reference(s) (the best reference per type). The evaluation's
 * value is the mean over rows, as MLflow reports it.
 */
export function rougeMetric(options: RougeOptions = {}): Metric {
  const types = options.types ?? DEFAULT_ROUGE_TYPES;
  parseRougeTypes(types, 'rougeMetric');
  parseUseStemmer(options.useStemmer, 'rougeMetric');
  const columns = [...types];
  const empty = (): Record<string, null> => Object.fromEntries(columns.map((column) => [column, null]));
  return {
    name: 'rouge',
    greaterIsBetter: true,
    columns,
    requires: ['targets'],
    async scoreRows(rows): Promise<RowScore[]> {
      return rows.map((row) => {
        const references = rowTargetTexts(row);
        if (row.error !== undefined || references.length === 0) return { values: empty() };
        const scores = rouge(rowOutputText(row) ?? '', references, { types, ...(options.useStemmer !== undefined ? { useStemmer: options.useStemmer } : {}) });
        return { values: Object.fromEntries(columns.map((column) => [column, scores[column]?.fmeasure ?? null])) };
      });
    },
  };
}
