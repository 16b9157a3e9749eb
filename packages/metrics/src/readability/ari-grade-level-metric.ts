import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText } from '../row-text.js';
import { automatedReadabilityIndex } from './automated-readability-index.js';

/**
 * The `ari_grade_level` metric: `automatedReadabilityIndex(output)` per row
 * (null without output). Lower grades read more easily, so greaterIsBetter is false.
 */
export function ariGradeLevelMetric(): Metric {
  return defineMetric({
    name: 'ari_grade_level',
    greaterIsBetter: false,
    score(row) {
      const output = rowOutputText(row);
      return output === null ? null : automatedReadabilityIndex(output);
    },
  });
}
