import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { levenshteinSimilarity } from './levenshtein-similarity.js';

/**
 * The `levenshtein_similarity` metric: `levenshteinSimilarity(output, target)`,
 * the best over the targets when there are several; null without targets.
 */
export function levenshteinSimilarityMetric(): Metric {
  return defineMetric({
    name: 'levenshtein_similarity',
    greaterIsBetter: true,
    requires: ['targets'],
    score(row) {
      const targets = rowTargetTexts(row);
      if (targets.length === 0) return null;
      const output = rowOutputText(row) ?? '';
      return Math.max(...targets.map((target) => levenshteinSimilarity(output, target)));
    },
  });
}
