import type { Metric } from '../metric/metric.js';
import type { BuiltInJudgeOptions } from './built-in-judge-options.js';
import { JUDGE_RUBRICS } from './judge-rubrics.js';
import { makeJudge } from './make-judge.js';

/**
 * The `answer_correctness` judge (1-5, as MLflow's): how well the output
 * agrees with the targets. Rows without targets get null and `no targets`.
 *
 * @example answerCorrectness({ model: 'gpt-4.1-mini' })
 */
export function answerCorrectness(options: BuiltInJudgeOptions): Metric {
  return makeJudge({ ...options, name: options.name ?? 'answer_correctness', instructions: JUDGE_RUBRICS.answerCorrectness, scale: { min: 1, max: 5 }, requires: ['targets'] });
}
