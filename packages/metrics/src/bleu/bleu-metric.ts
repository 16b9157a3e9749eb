import type { Metric, RowScore } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { bleuFromStatistics } from './bleu-from-statistics.js';
import type { BleuOptions } from './bleu-options.js';
import { bleuStatistics, type BleuStatistics } from './bleu-statistics.js';
import { sentenceBleu } from './sentence-bleu.js';

/**
 * The `bleu` metric: sentence BLEU per row (sacrebleu's `sentence_bleu`, 0-100)
 * and, as the evaluation's value, corpus BLEU computed from the rows' summed
 * n-gram statistics (sacrebleu's `corpus_bleu`), not the mean of row scores.
 * Targets are the row's reference(s); rows without targets are not scored.
 */
export function bleuMetric(options: BleuOptions = {}): Metric {
  // Validate once, up front, so a bad option fails before any model call.
  bleuStatistics('', [''], options);
  return {
    name: 'bleu',
    greaterIsBetter: true,
    columns: ['bleu'],
    requires: ['targets'],
    async scoreRows(rows): Promise<RowScore[]> {
      return rows.map((row) => {
        const references = rowTargetTexts(row);
        if (row.error !== undefined || references.length === 0) return { values: { bleu: null } };
        const prediction = rowOutputText(row) ?? '';
        return { values: { bleu: sentenceBleu(prediction, references, options).score }, statistics: bleuStatistics(prediction, references, options) };
      });
    },
    aggregate(scores): Record<string, number> {
      const statistics = scores.map((score) => score.statistics as BleuStatistics | undefined).filter((entry): entry is BleuStatistics => entry !== undefined);
      return statistics.length === 0 ? {} : { bleu: bleuFromStatistics(statistics, options).score };
    },
  };
}
