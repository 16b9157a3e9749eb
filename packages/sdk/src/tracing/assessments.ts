import {
  ASSESSMENT_SOURCE_TYPES,
  InvalidParameterError,
  type Assessment,
  type AssessmentError,
  type AssessmentSource,
  type AssessmentSourceType,
  type ExpectationAssessment,
  type FeedbackAssessment,
  type JsonValue,
  type NewAssessment,
} from '@assay/core';
import type { AssayRuntime } from '../assay/assay-runtime.js';

/**
 * Who made an assessment: `'human'`, `'llm_judge'` or `'code'` (upper case
 * too), or MLflow's object form `{ sourceType: 'HUMAN', sourceId: 'ada@example.com' }`.
 * The id defaults to `default`, as in MLflow.
 */
export type AssessmentSourceInput =
  | AssessmentSourceType
  | Lowercase<AssessmentSourceType>
  | { sourceType: AssessmentSourceType | Lowercase<AssessmentSourceType>; sourceId?: string };

/** Options of `logFeedback`. */
export interface LogFeedbackOptions {
  /** What is judged, e.g. `correctness`, `helpful`. */
  name: string;
  /** The judgement: a number, string, boolean or any JSON. Required unless `error` says why there is none. */
  value?: JsonValue;
  /** Who judged: a person, an LLM judge, or code. */
  source: AssessmentSourceInput;
  /** Why, e.g. a judge's justification. */
  rationale?: string;
  /** A span of the trace, to judge that span rather than the whole trace. */
  spanId?: string;
  /** String key/values. */
  metadata?: Record<string, string>;
  /** Why judging failed: `{ errorCode, errorMessage? }`, or an Error (its name and message are kept). */
  error?: AssessmentError | Error;
  /** The id of an assessment of the trace that this one replaces (MLflow's override): that one is no longer valid. */
  overrides?: string;
}

/** Options of `logExpectation`. */
export interface LogExpectationOptions {
  /** What is expected, e.g. `expected_answer`. */
  name: string;
  /** The expected value: any JSON. */
  value: JsonValue;
  /** Who stated it; default `'human'`. */
  source?: AssessmentSourceInput;
  /** A span of the trace, when the expectation is about that span. */
  spanId?: string;
  /** String key/values. */
  metadata?: Record<string, string>;
}

/** Changes of `updateAssessment`: the fields given change, the others stay. */
export interface UpdateAssessmentOptions {
  /** A new name. */
  name?: string;
  /** A new value. */
  value?: JsonValue;
  /** A new rationale. */
  rationale?: string;
  /** Metadata keys to add or replace. */
  metadata?: Record<string, string>;
  /** A new error (feedback only); null removes it. */
  error?: AssessmentError | null;
}

/** MLflow's source from the short or the object form; a clear error for anything else. */
export function toAssessmentSource(input: AssessmentSourceInput | undefined, fallback?: AssessmentSourceType): AssessmentSource {
  const given = input ?? fallback;
  const { sourceType, sourceId } = typeof given === 'object' && given !== null ? given : { sourceType: given, sourceId: undefined };
  const upper = typeof sourceType === 'string' ? sourceType.toUpperCase() : sourceType;
  if (!ASSESSMENT_SOURCE_TYPES.includes(upper as AssessmentSourceType)) {
    throw new InvalidParameterError(
      `source must be 'human', 'llm_judge' or 'code', or { sourceType: 'HUMAN' | 'LLM_JUDGE' | 'CODE', sourceId }, got ${JSON.stringify(given) ?? 'nothing'}.`,
    );
  }
  return { sourceType: upper as AssessmentSourceType, sourceId: sourceId ?? 'default' };
}

function toAssessmentError(error: AssessmentError | Error): AssessmentError {
  return error instanceof Error ? { errorCode: error.name || 'Error', errorMessage: error.message } : error;
}

/** Logs one assessment after the trace's queued spans are written (an app assesses a trace it just made). */
async function logOne(runtime: AssayRuntime, assessment: NewAssessment): Promise<Assessment> {
  await runtime.tracing.flush();
  const [logged] = await (await runtime.getStore()).logAssessments({ assessments: [assessment] });
  return logged!;
}

/** Logs feedback on a trace (see the module-level `logFeedback`). */
export async function logFeedback(runtime: AssayRuntime, traceId: string, options: LogFeedbackOptions): Promise<FeedbackAssessment> {
  const error = options.error === undefined ? undefined : toAssessmentError(options.error);
  const assessment: NewAssessment = {
    traceId,
    name: options.name,
    source: toAssessmentSource(options.source),
    feedback: { value: options.value ?? null, ...(error !== undefined ? { error } : {}) },
    ...(options.rationale !== undefined ? { rationale: options.rationale } : {}),
    ...(options.spanId !== undefined ? { spanId: options.spanId } : {}),
    ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
    ...(options.overrides !== undefined ? { overrides: options.overrides } : {}),
  };
  return (await logOne(runtime, assessment)) as FeedbackAssessment;
}

/** Logs an expectation on a trace (see the module-level `logExpectation`). */
export async function logExpectation(runtime: AssayRuntime, traceId: string, options: LogExpectationOptions): Promise<ExpectationAssessment> {
  const assessment: NewAssessment = {
    traceId,
    name: options.name,
    source: toAssessmentSource(options.source, 'HUMAN'),
    expectation: { value: options.value },
    ...(options.spanId !== undefined ? { spanId: options.spanId } : {}),
    ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
  };
  return (await logOne(runtime, assessment)) as ExpectationAssessment;
}

/** Changes an assessment (see the module-level `updateAssessment`). */
export async function updateAssessment(
  runtime: AssayRuntime,
  traceId: string,
  assessmentId: string,
  changes: UpdateAssessmentOptions,
): Promise<Assessment> {
  return (await runtime.getStore()).updateAssessment({ traceId, assessmentId, ...changes });
}
