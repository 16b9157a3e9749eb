import type { Metric } from '../metric/metric.js';
import type { BuiltInJudgeOptions } from './built-in-judge-options.js';
import { JUDGE_RUBRICS } from './judge-rubrics.js';
import { makeJudge } from './make-judge.js';

/**
 * The `answer_relevance` judge (1-5, as MLflow's): how well the output
 * addresses the question in the inputs. Rows without inputs get null and `no inputs`.
 *
 * @example answerRelevance({ model: 'gpt-4.1-mini' })
 */
export function answerRelevance(options: BuiltInJudgeOptions): Metric {
  return makeJudge({ ...options, name: options.name ?? 'answer_relevance', instructions: JUDGE_RUBRICS.answerRelevance, scale: { min: 1, max: 5 }, requires: ['inputs'] });
}
