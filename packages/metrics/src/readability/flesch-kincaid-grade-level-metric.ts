import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText } from '../row-text.js';
import { fleschKincaidGrade } from './flesch-kincaid-grade.js';

/**
 * The `flesch_kincaid_grade_level` metric: `fleschKincaidGrade(output)` per row
 * (null without output). Lower grades read more easily, so greaterIsBetter is false.
 */
export function fleschKincaidGradeLevelMetric(): Metric {
  return defineMetric({
    name: 'flesch_kincaid_grade_level',
    greaterIsBetter: false,
    score(row) {
      const output = rowOutputText(row);
      return output === null ? null : fleschKincaidGrade(output);
    },
  });
}
