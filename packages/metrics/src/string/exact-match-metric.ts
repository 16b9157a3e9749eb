import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { normalizeForExactMatch, validateExactMatchOptions } from './exact-match.js';
import type { ExactMatchOptions } from './exact-match.js';

/**
 * The `exact_match` metric: 1 when the row's output equals its target (or any
 * of its targets, when the targets are a list of acceptable answers), else 0;
 * null for rows without targets. MLflow's `exact_match` compares exactly, which
 * is the default here; the options relax it (see `exactMatch`).
 */
export function exactMatchMetric(options: ExactMatchOptions = {}): Metric {
  validateExactMatchOptions(options);
  return defineMetric({
    name: 'exact_match',
    greaterIsBetter: true,
    requires: ['targets'],
    score(row) {
      const targets = rowTargetTexts(row);
      if (targets.length === 0) return null;
      const output = normalizeForExactMatch(rowOutputText(row) ?? '', options);
      return targets.some((target) => normalizeForExactMatch(target, options) === output) ? 1 : 0;
    },
  });
}
