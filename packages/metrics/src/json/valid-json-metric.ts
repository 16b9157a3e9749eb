import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { isValidJson } from './is-valid-json.js';

/**
 * The `valid_json` metric: 1 when the output is a string that parses as JSON,
 * else 0. An output that is already an object or array (a model function
 * returning structured data) counts as valid; a missing output as invalid.
 */
export function validJsonMetric(): Metric {
  return defineMetric({
    name: 'valid_json',
    greaterIsBetter: true,
    score(row) {
      const { output } = row;
      if (typeof output === 'string') return isValidJson(output) ? 1 : 0;
      return output !== null && typeof output === 'object' ? 1 : 0;
    },
  });
}
