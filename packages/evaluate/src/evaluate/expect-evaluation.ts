import { checkThresholds, validateThresholds, type Thresholds } from './check-thresholds.js';
import type { EvaluationResult } from './evaluation-result.js';
import { ThresholdError } from './threshold-error.js';

/** An assertion on an evaluation result, for test suites (vitest, jest, node:test). */
export interface EvaluationExpectation {
  /** Throws `ThresholdError` (its message a table of every check) unless every bound holds. */
  toMeet(thresholds: Thresholds, options?: { baseline?: Pick<EvaluationResult, 'metrics'> }): void;
}

/**
 * `expect`-style thresholds on an evaluation, usable in any test runner.
 *
 * @example
 * const result = await evaluate({ data, model, preset: 'question-answering' });
 * expectEvaluation(result).toMeet({ exact_match: { min: 0.8 }, latency_p90: { max: 2000 } });
 */
export function expectEvaluation(result: Pick<EvaluationResult, 'metrics' | 'runId'>): EvaluationExpectation {
  return {
    toMeet(thresholds, options = {}) {
      const checks = checkThresholds(result.metrics, validateThresholds(thresholds), options.baseline?.metrics);
      if (checks.some((check) => !check.passed)) throw new ThresholdError(checks, result.runId);
    },
  };
}
