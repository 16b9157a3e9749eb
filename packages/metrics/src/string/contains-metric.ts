import { InvalidParameterError } from '@assay/core';
import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText, rowTargetTexts } from '../row-text.js';
import { contains, validateContainsOptions } from './contains.js';
import type { ContainsOptions } from './contains.js';

/** Options of `containsMetric`. */
export interface ContainsMetricOptions extends ContainsOptions {
  /** The texts to look for; default each row's targets (rows without targets get null). */
  needles?: string | readonly string[];
}

/**
 * The `contains` metric: 1 when the output contains the needles (by default
 * the row's targets), else 0.
 *
 * @example containsMetric({ needles: ['refund', 'return'], ignoreCase: true })
 */
export function containsMetric(options: ContainsMetricOptions = {}): Metric {
  validateContainsOptions(options);
  const { needles, ...containsOptions } = options;
  if (needles !== undefined && typeof needles !== 'string' && !(Array.isArray(needles) && needles.every((needle) => typeof needle === 'string'))) {
    throw new InvalidParameterError('containsMetric: needles must be a string or a list of strings.');
  }
  return defineMetric({
    name: 'contains',
    greaterIsBetter: true,
    ...(needles === undefined ? { requires: ['targets'] as const } : {}),
    score(row) {
      const wanted = needles ?? rowTargetTexts(row);
      if (typeof wanted !== 'string' && wanted.length === 0) return null;
      return contains(rowOutputText(row) ?? '', wanted, containsOptions) ? 1 : 0;
    },
  });
}
