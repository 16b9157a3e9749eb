import type { AssessmentError } from '../entities/assessment.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { AssessmentIdInput, UpdateAssessmentInput } from '../store/assessment-store.js';
import {
  checkAssessmentError,
  checkAssessmentId,
  checkAssessmentMetadata,
  checkAssessmentName,
  checkAssessmentText,
  checkAssessmentValue,
  checkTraceId,
} from './validate-log-assessments.js';

/** A validated updateAssessment: the fields to change, the new value's JSON text computed once. */
export interface ValidUpdateAssessment extends AssessmentIdInput {
  /** A new name. */
  name?: string;
  /** A new value and its JSON text. */
  value?: { value: UpdateAssessmentInput['value']; json: string };
  /** A new error, or null to remove it. */
  error?: AssessmentError | null;
  /** A new rationale. */
  rationale?: string;
  /** Metadata keys to add or replace. */
  metadata?: Record<string, string>;
}

/** Validates the ids of getAssessment and deleteAssessment. */
export function validateAssessmentId(input: AssessmentIdInput): AssessmentIdInput {
  return { traceId: checkTraceId(input?.traceId, 'traceId'), assessmentId: checkAssessmentId(input?.assessmentId, 'assessmentId') };
}

/**
 * Validates an updateAssessment input: the ids, then each field given, with
 * the rules of logAssessments. Whether the value may be null and the error
 * set depends on the assessment's kind, which the store checks.
 * @throws InvalidParameterError for a bad field, or no field to change.
 */
export function validateUpdateAssessment(input: UpdateAssessmentInput): ValidUpdateAssessment {
  const valid: ValidUpdateAssessment = validateAssessmentId(input);
  if (input.name !== undefined) valid.name = checkAssessmentName(input.name, 'name');
  if (input.value !== undefined && input.value !== null) valid.value = { value: input.value, json: checkAssessmentValue(input.value, 'value') };
  else if (input.value === null) valid.value = { value: null, json: 'null' };
  if (input.error !== undefined) valid.error = input.error === null ? null : checkAssessmentError(input.error, 'error');
  if (input.rationale !== undefined) valid.rationale = checkAssessmentText(input.rationale, 'rationale');
  if (input.metadata !== undefined) valid.metadata = checkAssessmentMetadata(input.metadata, 'metadata');
  if (Object.keys(valid).length === 2) {
    throw new InvalidParameterError('updateAssessment needs at least one field to change: name, value, error, rationale or metadata.');
  }
  return valid;
}
