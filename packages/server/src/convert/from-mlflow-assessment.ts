import type { z } from '@hono/zod-openapi';
import { InvalidParameterError, type AssessmentError, type JsonValue, type NewAssessment, type UpdateAssessmentInput } from '@assay/core';
import type { assessmentIn } from '../schemas/mlflow-traces.js';

type AssessmentIn = z.infer<typeof assessmentIn>;

function missing(field: string): InvalidParameterError {
  return new InvalidParameterError(`Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`);
}

function toError(error: { error_code: string; error_message?: string | undefined } | undefined): AssessmentError | undefined {
  if (error === undefined) return undefined;
  return { errorCode: error.error_code, ...(error.error_message !== undefined ? { errorMessage: error.error_message } : {}) };
}

/** An expectation's value: `value`, else `serialized_value` (JSON text, kept as text when it does not parse). */
function expectationValue(expectation: NonNullable<AssessmentIn['expectation']>): JsonValue {
  if (expectation.value !== undefined) return expectation.value as JsonValue;
  const serialized = expectation.serialized_value?.value;
  if (serialized === undefined) return null;
  try {
    return JSON.parse(serialized) as JsonValue;
  } catch {
    return serialized;
  }
}

/**
 * The assessment to log from MLflow's create-assessment body; the trace is
 * the one the path names.
 * @throws InvalidParameterError for a missing name or source.
 */
export function fromMlflowAssessment(json: AssessmentIn, traceId: string): NewAssessment {
  if (json.assessment_name === undefined || json.assessment_name === '') throw missing('assessment.assessment_name');
  if (json.source === undefined) throw missing('assessment.source');
  const error = toError(json.feedback?.error);
  return {
    traceId,
    name: json.assessment_name,
    source: { sourceType: json.source.source_type, sourceId: json.source.source_id !== undefined && json.source.source_id !== '' ? json.source.source_id : 'default' },
    ...(json.span_id !== undefined && json.span_id !== '' ? { spanId: json.span_id.toLowerCase() } : {}),
    ...(json.feedback !== undefined ? { feedback: { value: (json.feedback.value ?? null) as JsonValue, ...(error !== undefined ? { error } : {}) } } : {}),
    ...(json.expectation !== undefined ? { expectation: { value: expectationValue(json.expectation) } } : {}),
    ...(json.rationale !== undefined ? { rationale: json.rationale } : {}),
    ...(json.metadata !== undefined ? { metadata: json.metadata } : {}),
    ...(json.overrides !== undefined && json.overrides !== '' ? { overrides: json.overrides } : {}),
  };
}

/** `assessmentName` or `assessment_name`, `feedback.value` ...: a FieldMask path in snake_case. */
function snakeCase(path: string): string {
  return path.trim().replace(/[A-Z]/gu, (letter) => `_${letter.toLowerCase()}`);
}

/** The paths of an update mask: protobuf JSON's comma-separated text, a list, or `{ paths }`. */
export function updateMaskPaths(mask: string | string[] | { paths?: string[] | undefined } | undefined): string[] | undefined {
  if (mask === undefined) return undefined;
  const paths = typeof mask === 'string' ? mask.split(',') : Array.isArray(mask) ? mask : (mask.paths ?? []);
  return paths.map(snakeCase).filter((path) => path !== '');
}

const UPDATABLE = ['assessment_name', 'feedback', 'feedback.value', 'feedback.error', 'expectation', 'expectation.value', 'rationale', 'metadata'];

/**
 * The change MLflow's update-assessment body asks for: the fields the update
 * mask names (every field given, without a mask).
 * @throws InvalidParameterError for a mask path that cannot be updated.
 */
export function fromMlflowAssessmentUpdate(json: AssessmentIn, mask: string[] | undefined, ids: { traceId: string; assessmentId: string }): UpdateAssessmentInput {
  for (const path of mask ?? []) {
    if (!UPDATABLE.includes(path)) {
      throw new InvalidParameterError(`Invalid value '${path}' for parameter 'update_mask': the fields that can be updated are ${UPDATABLE.join(', ')}.`);
    }
  }
  const wants = (...paths: string[]) => (mask === undefined ? true : paths.some((path) => mask.includes(path)));
  const update: UpdateAssessmentInput = { ...ids };
  if (wants('assessment_name') && json.assessment_name !== undefined) update.name = json.assessment_name;
  if (wants('feedback', 'feedback.value') && json.feedback?.value !== undefined) update.value = json.feedback.value as JsonValue;
  if (wants('feedback', 'feedback.error') && json.feedback !== undefined) {
    const error = toError(json.feedback.error);
    if (error !== undefined) update.error = error;
    else if (mask !== undefined) update.error = null;
  }
  if (wants('expectation', 'expectation.value') && json.expectation !== undefined) update.value = expectationValue(json.expectation);
  if (wants('rationale') && json.rationale !== undefined) update.rationale = json.rationale;
  if (wants('metadata') && json.metadata !== undefined) update.metadata = json.metadata;
  return update;
}
