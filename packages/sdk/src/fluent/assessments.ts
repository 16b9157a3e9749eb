import type { Assessment, ExpectationAssessment, FeedbackAssessment, ListedModelPrice, ModelPrice } from '@assay/core';
import { defaultAssay } from '../assay/default-assay.js';
import type { LogExpectationOptions, LogFeedbackOptions, UpdateAssessmentOptions } from '../tracing/assessments.js';

/**
 * Logs feedback on a trace (MLflow 3's Feedback): a score, label or verdict
 * from a person, an LLM judge or code, with its rationale; on one span with
 * `spanId`. Spans this process finished are written first, so a trace just
 * made can be judged at once. Returns the stored assessment (its id, times).
 * `getTrace` and `searchTraces` return a trace's assessments, and the trace
 * filter finds traces by them: `feedback.helpful = 'yes'`, `feedback.rating > 3`.
 *
 * @example
 * const traceId = getLastTraceId()!;
 * await logFeedback(traceId, { name: 'helpful', value: true, source: 'human', rationale: 'Answered the question.' });
 */
export function logFeedback(traceId: string, options: LogFeedbackOptions): Promise<FeedbackAssessment> {
  return defaultAssay().logFeedback(traceId, options);
}

/**
 * Logs an expectation on a trace (MLflow 3's Expectation): what it should
 * have produced, e.g. the ground-truth answer; any JSON value. The source
 * defaults to `'human'`. Found with `expectation.<name>` in the trace filter.
 *
 * @example
 * await logExpectation(traceId, { name: 'expected_answer', value: 'Paris' });
 */
export function logExpectation(traceId: string, options: LogExpectationOptions): Promise<ExpectationAssessment> {
  return defaultAssay().logExpectation(traceId, options);
}

/** One assessment of a trace; throws NotFoundError for an unknown trace or assessment. */
export function getAssessment(traceId: string, assessmentId: string): Promise<Assessment> {
  return defaultAssay().getAssessment(traceId, assessmentId);
}

/** Changes an assessment's name, value, rationale, error or metadata (merged) in place; returns it. */
export function updateAssessment(traceId: string, assessmentId: string, changes: UpdateAssessmentOptions): Promise<Assessment> {
  return defaultAssay().updateAssessment(traceId, assessmentId, changes);
}

/** Deletes an assessment; one it overrode is valid again. An unknown assessment id is a no-op. */
export function deleteAssessment(traceId: string, assessmentId: string): Promise<void> {
  return defaultAssay().deleteAssessment(traceId, assessmentId);
}

/**
 * Adds or replaces prices in the tracking store's model price table (US
 * dollars per 1,000,000 tokens), on top of the table Assay ships. The store
 * keeps them, so every process writing to it prices alike; spans written
 * from then on are costed with them.
 *
 * @example
 * await setModelPrices([{ model: 'my-finetune', inputPerMillionTokens: 3, outputPerMillionTokens: 12 }]);
 */
export function setModelPrices(prices: ModelPrice[]): Promise<void> {
  return defaultAssay().setModelPrices(prices);
}

/** Removes prices set with setModelPrices (a built-in price of the same model applies again). */
export function deleteModelPrices(models: string[]): Promise<void> {
  return defaultAssay().deleteModelPrices(models);
}

/** Every model price the tracking store applies: its own first, then the built-in ones. */
export function listModelPrices(): Promise<ListedModelPrice[]> {
  return defaultAssay().listModelPrices();
}
