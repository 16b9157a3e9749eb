import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText } from '../row-text.js';
import { toStatelessRegExp } from './regex-match.js';

/**
 * The `regex_match` metric: 1 when `pattern` matches somewhere in the output,
 * else 0 (see `regexMatch`).
 *
 * @example regexMatchMetric(/^\{.*\}$/s)
 */
export function regexMatchMetric(pattern: string | RegExp): Metric {
  const regex = toStatelessRegExp(pattern);
  return defineMetric({
    name: 'regex_match',
    greaterIsBetter: true,
    score: (row) => (regex.test(rowOutputText(row) ?? '') ? 1 : 0),
  });
}
