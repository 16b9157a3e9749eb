import { ASSESSMENT_SOURCE_TYPES, type AssessmentError, type AssessmentSource } from '../entities/assessment.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { LogAssessmentsInput, NewAssessment } from '../store/assessment-store.js';
import { checkJsonValue, isPlainObject } from './check-json-value.js';
import { describe, preview } from './validate-entity-key.js';

/** The most assessments one logAssessments call takes. */
export const MAX_ASSESSMENTS_PER_CALL = 10_000;

/** Limits of assessment fields. */
export const ASSESSMENT_LIMITS = {
  /** Longest name, source id, error code and metadata key. */
  nameLength: 250,
  /** Longest value, as JSON text. */
  valueJsonLength: 100_000,
  /** Longest rationale and error message. */
  textLength: 65_536,
  /** Longest metadata value. */
  metadataValueLength: 8000,
} as const;

const TRACE_ID = /^tr-[0-9a-f]{32}$/u;
const SPAN_ID = /^[0-9a-f]{16}$/u;
const ASSESSMENT_ID = /^a-[0-9a-f]{32}$/u;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/u;
// Deeper values are certainly a mistake, and walking them must not overflow the stack.
const MAX_VALUE_DEPTH = 64;

/** A validated new assessment: its kind and value spelled out, the value's JSON text computed once. */
export interface ValidNewAssessment extends NewAssessment {
  /** Which of `feedback` and `expectation` it has. */
  kind: 'feedback' | 'expectation';
  /** The value as JSON text; null for a feedback with an error and no value. */
  valueJson: string | null;
  /** The metadata, `{}` when absent. */
  metadata: Record<string, string>;
}

/** Throws unless `value` is a name-like string: 1 to 250 characters, no control characters. */
export function checkAssessmentName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidParameterError(`${field} must be a non-empty string, got ${describe(value)}.`);
  if (value.length > ASSESSMENT_LIMITS.nameLength) {
    throw new InvalidParameterError(`${field} '${preview(value)}' is ${value.length} characters long; the limit is ${ASSESSMENT_LIMITS.nameLength}.`);
  }
  if (CONTROL_CHARACTER.test(value)) throw new InvalidParameterError(`${field} '${preview(value)}' contains control characters; remove them.`);
  return value;
}

/** Throws unless `value` is a string of at most 65,536 characters (a rationale, an error message). */
export function checkAssessmentText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidParameterError(`${field} must be a string, got ${describe(value)}.`);
  if (value.length > ASSESSMENT_LIMITS.textLength) {
    throw new InvalidParameterError(`${field} is ${value.length} characters long; the limit is ${ASSESSMENT_LIMITS.textLength}. Shorten it.`);
  }
  return value;
}

/** Validates an assessment value and returns its JSON text. */
export function checkAssessmentValue(value: unknown, field: string): string {
  if (value === undefined) throw new InvalidParameterError(`${field} is required: give a number, string, boolean or any JSON value.`);
  checkJsonValue({ value, at: field, subject: 'assessment values', maxDepth: MAX_VALUE_DEPTH });
  const text = JSON.stringify(value);
  if (text.length > ASSESSMENT_LIMITS.valueJsonLength) {
    throw new InvalidParameterError(`${field} is ${text.length} characters as JSON; the limit is ${ASSESSMENT_LIMITS.valueJsonLength}. Store large values as run artifacts.`);
  }
  return text;
}

/** Validates a feedback's error. */
export function checkAssessmentError(value: unknown, field: string): AssessmentError {
  if (!isPlainObject(value)) throw new InvalidParameterError(`${field} must be an object { errorCode, errorMessage? }, got ${describe(value)}.`);
  const errorCode = checkAssessmentName(value['errorCode'], `${field}.errorCode`);
  if (value['errorMessage'] === undefined) return { errorCode };
  return { errorCode, errorMessage: checkAssessmentText(value['errorMessage'], `${field}.errorMessage`) };
}

/** Validates assessment metadata: string keys (1 to 250 characters) to string values. */
export function checkAssessmentMetadata(value: unknown, field: string): Record<string, string> {
  if (!isPlainObject(value)) throw new InvalidParameterError(`${field} must be an object of string values, got ${describe(value)}.`);
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    checkAssessmentName(key, `${field} key`);
    if (typeof item !== 'string') throw new InvalidParameterError(`${field}.${key} must be a string, got ${describe(item)}.`);
    if (item.length > ASSESSMENT_LIMITS.metadataValueLength) {
      throw new InvalidParameterError(`${field}.${key} is ${item.length} characters long; the limit is ${ASSESSMENT_LIMITS.metadataValueLength}.`);
    }
    metadata[key] = item;
  }
  return metadata;
}

/** Throws unless `value` is an assessment id. */
export function checkAssessmentId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ASSESSMENT_ID.test(value)) {
    throw new InvalidParameterError(`${field} must be an assessment id ('a-' followed by 32 lowercase hex characters), got ${describe(value)}.`);
  }
  return value;
}

/** Throws unless `value` is a trace id. */
export function checkTraceId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !TRACE_ID.test(value)) {
    throw new InvalidParameterError(`${field} must be a trace id ('tr-' followed by 32 lowercase hex characters), got ${describe(value)}.`);
  }
  return value;
}

function checkSource(value: unknown, field: string): AssessmentSource {
  if (!isPlainObject(value)) {
    throw new InvalidParameterError(`${field} must be an object { sourceType: ${ASSESSMENT_SOURCE_TYPES.join(' | ')}, sourceId }, got ${describe(value)}.`);
  }
  const sourceType = value['sourceType'];
  if (!ASSESSMENT_SOURCE_TYPES.includes(sourceType as AssessmentSource['sourceType'])) {
    throw new InvalidParameterError(`${field}.sourceType must be one of ${ASSESSMENT_SOURCE_TYPES.join(', ')}, got ${describe(sourceType)}.`);
  }
  return { sourceType: sourceType as AssessmentSource['sourceType'], sourceId: checkAssessmentName(value['sourceId'], `${field}.sourceId`) };
}

function validateAssessment(input: NewAssessment, at: string): ValidNewAssessment {
  if (!isPlainObject(input)) throw new InvalidParameterError(`${at} must be an assessment object, got ${describe(input)}.`);
  const traceId = checkTraceId(input.traceId, `${at}.traceId`);
  const name = checkAssessmentName(input.name, `${at}.name`);
  const source = checkSource(input.source, `${at}.source`);
  if (input.spanId !== undefined && (typeof input.spanId !== 'string' || !SPAN_ID.test(input.spanId))) {
    throw new InvalidParameterError(`${at}.spanId must be a span id (16 lowercase hex characters) or absent, got ${describe(input.spanId)}.`);
  }
  if ((input.feedback === undefined) === (input.expectation === undefined)) {
    throw new InvalidParameterError(`${at} must have exactly one of feedback { value } and expectation { value }.`);
  }
  const valid: ValidNewAssessment = { traceId, name, source, kind: 'feedback', valueJson: null, metadata: {} };
  if (input.feedback !== undefined) {
    if (!isPlainObject(input.feedback)) throw new InvalidParameterError(`${at}.feedback must be an object { value, error? }.`);
    const error = input.feedback.error === undefined ? undefined : checkAssessmentError(input.feedback.error, `${at}.feedback.error`);
    const { value } = input.feedback;
    if ((value === null || value === undefined) && error === undefined) {
      throw new InvalidParameterError(`${at}.feedback.value is required: give a value, or an error saying why there is none.`);
    }
    valid.feedback = { value: value ?? null, ...(error !== undefined ? { error } : {}) };
    valid.valueJson = value === null || value === undefined ? null : checkAssessmentValue(value, `${at}.feedback.value`);
  } else {
    if (!isPlainObject(input.expectation)) throw new InvalidParameterError(`${at}.expectation must be an object { value }.`);
    const { value } = input.expectation;
    if (value === null) throw new InvalidParameterError(`${at}.expectation.value must not be null: an expectation states the expected value.`);
    valid.kind = 'expectation';
    valid.valueJson = checkAssessmentValue(value, `${at}.expectation.value`);
    valid.expectation = { value };
  }
  if (input.spanId !== undefined) valid.spanId = input.spanId;
  if (input.rationale !== undefined) valid.rationale = checkAssessmentText(input.rationale, `${at}.rationale`);
  if (input.metadata !== undefined) valid.metadata = checkAssessmentMetadata(input.metadata, `${at}.metadata`);
  if (input.overrides !== undefined) valid.overrides = checkAssessmentId(input.overrides, `${at}.overrides`);
  return valid;
}

/**
 * Validates a logAssessments input: each assessment's trace and span ids,
 * name, source, exactly one of feedback and expectation with a JSON value,
 * rationale, metadata and `overrides`. Whether the trace, span and
 * overridden assessment exist is the store's to check.
 * @throws InvalidParameterError naming the first bad field, e.g. `assessments[1].source.sourceType`.
 */
export function validateLogAssessments(input: LogAssessmentsInput): ValidNewAssessment[] {
  const assessments = input?.assessments;
  if (!Array.isArray(assessments)) throw new InvalidParameterError(`assessments must be a list of assessments, got ${describe(assessments)}.`);
  if (assessments.length > MAX_ASSESSMENTS_PER_CALL) {
    throw new InvalidParameterError(`assessments holds ${assessments.length} entries; log at most ${MAX_ASSESSMENTS_PER_CALL} per call.`);
  }
  return assessments.map((assessment, index) => validateAssessment(assessment, `assessments[${index}]`));
}
