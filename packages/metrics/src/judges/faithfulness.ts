import type { Metric } from '../metric/metric.js';
import type { BuiltInJudgeOptions } from './built-in-judge-options.js';
import { JUDGE_RUBRICS } from './judge-rubrics.js';
import { makeJudge } from './make-judge.js';

/**
 * The `faithfulness` judge (1-5, as MLflow's): how well the output's claims
 * are supported by the row's retrieved context. Rows without context get null
 * and the justification `no context`.
 *
 * @example faithfulness({ model: 'gpt-4.1-mini' })
 */
export function faithfulness(options: BuiltInJudgeOptions): Metric {
  return makeJudge({ ...options, name: options.name ?? 'faithfulness', instructions: JUDGE_RUBRICS.faithfulness, scale: { min: 1, max: 5 }, requires: ['context'] });
}
