/** A JSON value: what an assessment's value may be. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Who made an assessment (MLflow's AssessmentSourceType). */
export type AssessmentSourceType = 'HUMAN' | 'LLM_JUDGE' | 'CODE';

export const ASSESSMENT_SOURCE_TYPES: readonly AssessmentSourceType[] = ['HUMAN', 'LLM_JUDGE', 'CODE'];

/** Who made an assessment, and which one of them (MLflow's AssessmentSource). */
export interface AssessmentSource {
  /** A person, an LLM judge, or code (a heuristic, a metric). */
  sourceType: AssessmentSourceType;
  /** Which person, judge or code, e.g. an email, `openai:/gpt-4o-mini`, `exact_match`; MLflow's default is `default`. */
  sourceId: string;
}

/** Why a feedback has no value: scoring it failed (MLflow's AssessmentError). */
export interface AssessmentError {
  /** A short stable code, e.g. `RATE_LIMIT_EXCEEDED` or `JUDGE_ERROR`. */
  errorCode: string;
  /** What went wrong, for people. */
  errorMessage?: string;
}

/** What every assessment has, feedback or expectation. */
export interface AssessmentBase {
  /** `a-` followed by 32 hex characters, made by the store. */
  assessmentId: string;
  /** What is assessed, e.g. `correctness`, `expected_answer`; at most 250 characters. */
  name: string;
  /** The trace assessed. */
  traceId: string;
  /** The span assessed, when the assessment is about one span rather than the whole trace. */
  spanId?: string;
  /** Who made it. */
  source: AssessmentSource;
  /** Milliseconds since the epoch when it was logged. */
  createTime: number;
  /** Milliseconds since the epoch when it last changed (its creation, an update, or being overridden). */
  lastUpdateTime: number;
  /** Why the value is what it is, e.g. an LLM judge's justification. */
  rationale?: string;
  /** Free-form string key/values. */
  metadata: Record<string, string>;
  /** The id of the assessment this one replaces (that one is then no longer valid). */
  overrides?: string;
  /** False once another assessment overrides this one; searches and `feedback.<name>` filters see valid ones only. */
  valid: boolean;
}

/** A judgement of a trace or span: a score, a label, a verdict (MLflow's Feedback). */
export interface FeedbackAssessment extends AssessmentBase {
  /** The feedback's value, or the error that kept it from having one. */
  feedback: {
    /** The value: a number, a string, a boolean, or any JSON; null when `error` says why there is none. */
    value: JsonValue;
    /** Why scoring failed, if it did. */
    error?: AssessmentError;
  };
  expectation?: never;
}

/** What a trace should have produced: a ground truth (MLflow's Expectation). */
export interface ExpectationAssessment extends AssessmentBase {
  /** The expected value. */
  expectation: {
    /** Any JSON value. */
    value: JsonValue;
  };
  feedback?: never;
}

/** Feedback or an expectation on a trace (MLflow 3's Assessment, in camelCase). */
export type Assessment = FeedbackAssessment | ExpectationAssessment;

/** The value of an assessment, feedback or expectation. */
export function assessmentValue(assessment: Assessment): JsonValue {
  return assessment.feedback !== undefined ? assessment.feedback.value : assessment.expectation.value;
}
