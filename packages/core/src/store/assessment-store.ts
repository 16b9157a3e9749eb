import type { Assessment, AssessmentError, AssessmentSource, JsonValue } from '../entities/assessment.js';

/** A feedback or an expectation to log: what MLflow's create-assessment call takes. Exactly one of `feedback` and `expectation`. */
export interface NewAssessment {
  /** The trace assessed; it must exist. */
  traceId: string;
  /** What is assessed, e.g. `correctness`: 1 to 250 characters, no control characters. */
  name: string;
  /** Who made it. */
  source: AssessmentSource;
  /** The span assessed, a span of the trace (16 hex characters); default the whole trace. */
  spanId?: string;
  /** A feedback: its value (any JSON; null only with an error) and why scoring failed, if it did. */
  feedback?: { value: JsonValue; error?: AssessmentError };
  /** An expectation: the expected value (any JSON). */
  expectation?: { value: JsonValue };
  /** Why, e.g. a judge's justification; at most 65,536 characters. */
  rationale?: string;
  /** String key/values; default none. */
  metadata?: Record<string, string>;
  /**
   * The id of an assessment of the same trace that this one replaces (MLflow's
   * override): that one stays stored but is no longer valid.
   */
  overrides?: string;
}

/** Input of AssessmentStore.logAssessments. */
export interface LogAssessmentsInput {
  /** At most 10,000 assessments, logged all or none. */
  assessments: NewAssessment[];
}

/** Names one assessment: the input of getAssessment and deleteAssessment. */
export interface AssessmentIdInput {
  /** The trace the assessment belongs to. */
  traceId: string;
  /** The assessment's id (`a-` + 32 hex characters). */
  assessmentId: string;
}

/** Input of AssessmentStore.updateAssessment: the fields to change; the others stay. */
export interface UpdateAssessmentInput extends AssessmentIdInput {
  /** A new name. */
  name?: string;
  /** A new value: the feedback's or the expectation's, whichever the assessment is. */
  value?: JsonValue;
  /** A new error (feedback only); null removes it. */
  error?: AssessmentError | null;
  /** A new rationale. */
  rationale?: string;
  /** Keys to add or replace in the metadata (MLflow merges them). */
  metadata?: Record<string, string>;
}

/**
 * Feedback and expectations on traces (MLflow 3's assessments). A trace's
 * assessments are read with it: `getTrace` and `searchTraces` return them in
 * `info.assessments`, and the trace filter finds traces by them
 * (`feedback.<name> > 3`, `expectation.<name> = 'x'`). Deleting a trace
 * deletes its assessments. A store that must wait for its database throws
 * StoreBusyError when the wait times out.
 */
export interface AssessmentStore {
  /**
   * Logs assessments, all or none, and returns them as stored (ids and times
   * set). One that `overrides` another makes that one not valid.
   * @throws InvalidParameterError for a malformed assessment (the message names it, e.g. `assessments[1].source.sourceType`),
   *   a span id that is not a span of the trace, or an `overrides` id that is not an assessment of the trace.
   * @throws NotFoundError for an unknown trace.
   */
  logAssessments(input: LogAssessmentsInput): Promise<Assessment[]>;
  /**
   * One assessment.
   * @throws NotFoundError for an unknown trace, or an assessment id the trace does not have.
   */
  getAssessment(input: AssessmentIdInput): Promise<Assessment>;
  /**
   * Changes an assessment in place and returns it, with a new lastUpdateTime.
   * @throws InvalidParameterError for a bad field, nothing to change, or an error on an expectation.
   * @throws NotFoundError for an unknown trace, or an assessment id the trace does not have.
   */
  updateAssessment(input: UpdateAssessmentInput): Promise<Assessment>;
  /**
   * Deletes an assessment; an assessment it overrode becomes valid again. An
   * id the trace does not have is a no-op (as in MLflow).
   * @throws NotFoundError for an unknown trace.
   */
  deleteAssessment(input: AssessmentIdInput): Promise<void>;
}
