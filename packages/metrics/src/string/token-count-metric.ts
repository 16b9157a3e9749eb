import { defineMetric } from '../metric/define-metric.js';
import type { Metric } from '../metric/metric.js';
import { rowOutputText } from '../row-text.js';
import { resolveTokenCounter } from './token-count.js';
import type { TokenCountOptions } from './token-count.js';

/**
 * The `token_count` metric: `tokenCount(output)` per row (whitespace words by
 * default; see `tokenCount`). The count is descriptive rather than good or bad;
 * `greaterIsBetter` is false, as for MLflow's `token_count`, so that thresholds
 * read it as a cost.
 */
export function tokenCountMetric(options: TokenCountOptions = {}): Metric {
  const count = resolveTokenCounter(options.tokenizer);
  return defineMetric({
    name: 'token_count',
    greaterIsBetter: false,
    score(row) {
      const output = rowOutputText(row);
      return output === null ? null : count(output);
    },
  });
}
