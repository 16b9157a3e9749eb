import { listValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import {
  InvalidParameterError,
  NotFoundError,
  type Assessment,
  type AssessmentError,
  type AssessmentIdInput,
  type JsonValue,
  type ValidNewAssessment,
  type ValidUpdateAssessment,
} from '@assay/core';
import { readAssessment, readAssessments, requireAssessment } from '../queries/read-assessments.js';
import { requireTrace } from '../queries/require-trace.js';

function newAssessmentId(): string {
  return `a-${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
}

/** The value's number (for numeric filters) and text (for text filters: a string as it is, anything else as JSON). */
function searchableValue(value: JsonValue | undefined, json: string | null): { number: number | undefined; text: string | undefined } {
  if (value === null || value === undefined || json === null) return { number: undefined, text: undefined };
  return { number: typeof value === 'number' ? value : undefined, text: typeof value === 'string' ? value : json };
}

function appendOptional(appender: DuckDBAppender, value: string | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendVarchar(value);
}

async function requireTraces(connection: DuckDBConnection, assessments: readonly ValidNewAssessment[]): Promise<void> {
  const traceIds = [...new Set(assessments.map((assessment) => assessment.traceId))];
  const found = await connection.runAndReadAll('SELECT trace_id FROM traces WHERE trace_id IN (SELECT unnest($1))', [listValue(traceIds)]);
  const existing = new Set(found.getRows().map(([traceId]) => String(traceId)));
  const index = assessments.findIndex((assessment) => !existing.has(assessment.traceId));
  if (index !== -1) {
    throw new NotFoundError(
      `Trace '${assessments[index]!.traceId}' (assessments[${index}].traceId) not found. Check the trace id; a trace can be assessed once its spans are stored (flush() first).`,
    );
  }
}

async function checkSpans(connection: DuckDBConnection, assessments: readonly ValidNewAssessment[]): Promise<void> {
  const withSpans = assessments.filter((assessment) => assessment.spanId !== undefined);
  if (withSpans.length === 0) return;
  const found = await connection.runAndReadAll(
    'SELECT trace_id, span_id FROM spans WHERE trace_id IN (SELECT unnest($1)) AND span_id IN (SELECT unnest($2))',
    [listValue([...new Set(withSpans.map((assessment) => assessment.traceId))]), listValue([...new Set(withSpans.map((assessment) => assessment.spanId!))])],
  );
  const pairs = new Set(found.getRows().map(([traceId, spanId]) => `${String(traceId)}/${String(spanId)}`));
  const index = assessments.findIndex((assessment) => assessment.spanId !== undefined && !pairs.has(`${assessment.traceId}/${assessment.spanId}`));
  if (index !== -1) {
    const { spanId, traceId } = assessments[index]!;
    throw new InvalidParameterError(`assessments[${index}].spanId '${spanId}' is not a span of trace '${traceId}'. Give a span id of that trace, or leave spanId out to assess the whole trace.`);
  }
}

async function checkOverrides(connection: DuckDBConnection, assessments: readonly ValidNewAssessment[]): Promise<string[]> {
  const overridden = assessments.flatMap((assessment) => (assessment.overrides === undefined ? [] : [assessment.overrides]));
  if (overridden.length === 0) return [];
  const found = await connection.runAndReadAll('SELECT assessment_id, trace_id FROM assessments WHERE assessment_id IN (SELECT unnest($1))', [
    listValue(overridden),
  ]);
  const traceOf = new Map(found.getRows().map(([assessmentId, traceId]) => [String(assessmentId), String(traceId)]));
  const index = assessments.findIndex((assessment) => assessment.overrides !== undefined && traceOf.get(assessment.overrides) !== assessment.traceId);
  if (index !== -1) {
    const { overrides, traceId } = assessments[index]!;
    throw new InvalidParameterError(`assessments[${index}].overrides '${overrides}' is not an assessment of trace '${traceId}'. Give the id of the assessment this one replaces.`);
  }
  return overridden;
}

/**
 * Stores validated assessments inside the caller's transaction, after
 * checking that their traces, spans and overridden assessments exist; marks
 * the overridden ones not valid. Returns them as stored, in order.
 */
export async function logAssessments(connection: DuckDBConnection, assessments: readonly ValidNewAssessment[]): Promise<Assessment[]> {
  if (assessments.length === 0) return [];
  await requireTraces(connection, assessments);
  await checkSpans(connection, assessments);
  const overridden = await checkOverrides(connection, assessments);
  const now = Date.now();
  const ids: string[] = [];
  const appender = await connection.createAppender('assessments');
  for (const assessment of assessments) {
    const id = newAssessmentId();
    ids.push(id);
    const value = assessment.feedback?.value ?? assessment.expectation?.value;
    const searchable = searchableValue(value, assessment.valueJson);
    appender.appendVarchar(id);
    appender.appendVarchar(assessment.traceId);
    appender.appendVarchar(assessment.name);
    appender.appendVarchar(assessment.kind);
    appendOptional(appender, assessment.valueJson ?? undefined);
    if (searchable.number === undefined) appender.appendNull();
    else appender.appendDouble(searchable.number);
    appendOptional(appender, searchable.text);
    appendOptional(appender, assessment.feedback?.error === undefined ? undefined : JSON.stringify(assessment.feedback.error));
    appendOptional(appender, assessment.rationale);
    appender.appendVarchar(assessment.source.sourceType);
    appender.appendVarchar(assessment.source.sourceId);
    appendOptional(appender, assessment.spanId);
    appender.appendVarchar(JSON.stringify(assessment.metadata));
    appendOptional(appender, assessment.overrides);
    appender.appendBoolean(true);
    appender.appendBigInt(BigInt(now));
    appender.appendBigInt(BigInt(now));
    appender.endRow();
  }
  appender.closeSync();
  if (overridden.length > 0) {
    await connection.run('UPDATE assessments SET valid = false, last_update_time = $1 WHERE assessment_id IN (SELECT unnest($2))', [
      now,
      listValue(overridden),
    ]);
  }
  const stored = await readAssessments(connection, [...new Set(assessments.map((assessment) => assessment.traceId))]);
  const byId = new Map([...stored.values()].flat().map((assessment) => [assessment.assessmentId, assessment]));
  return ids.map((id) => byId.get(id)!);
}

/** Changes an assessment in place inside the caller's transaction and returns it as stored. */
export async function updateAssessment(connection: DuckDBConnection, update: ValidUpdateAssessment): Promise<Assessment> {
  const current = await requireAssessment(connection, update);
  const isFeedback = current.feedback !== undefined;
  if (!isFeedback && update.error !== undefined) {
    throw new InvalidParameterError(`Assessment '${update.assessmentId}' is an expectation; only feedback has an error.`);
  }
  if (!isFeedback && update.value?.value === null) {
    throw new InvalidParameterError(`Assessment '${update.assessmentId}' is an expectation; its value must not be null.`);
  }
  const value = update.value === undefined ? (current.feedback?.value ?? current.expectation?.value ?? null) : update.value.value;
  const error: AssessmentError | undefined = update.error === undefined ? current.feedback?.error : (update.error ?? undefined);
  if (isFeedback && value === null && error === undefined) {
    throw new InvalidParameterError(`Feedback '${update.assessmentId}' would have neither a value nor an error; give a value, or an error saying why there is none.`);
  }
  const json = value === null ? null : (update.value?.json ?? JSON.stringify(value));
  const searchable = searchableValue(value, json);
  await connection.run(
    `UPDATE assessments SET name = $1, value = $2, value_number = $3, value_text = $4, error = $5, rationale = $6, metadata = $7,
      last_update_time = $8 WHERE assessment_id = $9`,
    [
      update.name ?? current.name,
      json,
      searchable.number ?? null,
      searchable.text ?? null,
      error === undefined ? null : JSON.stringify(error),
      update.rationale ?? current.rationale ?? null,
      JSON.stringify({ ...current.metadata, ...update.metadata }),
      Math.max(Date.now(), current.lastUpdateTime),
      update.assessmentId,
    ],
  );
  return requireAssessment(connection, update);
}

/**
 * Deletes an assessment inside the caller's transaction; the one it overrode
 * becomes valid again unless another assessment still overrides it. An id
 * the trace does not have is a no-op; NotFoundError for an unknown trace.
 */
export async function deleteAssessment(connection: DuckDBConnection, input: AssessmentIdInput): Promise<void> {
  await requireTrace(connection, input);
  const assessment = await readAssessment(connection, input);
  if (assessment === undefined) return;
  await connection.run('DELETE FROM assessments WHERE assessment_id = $1', [assessment.assessmentId]);
  if (assessment.overrides !== undefined) {
    await connection.run(
      `UPDATE assessments SET valid = true, last_update_time = $1
        WHERE assessment_id = $2 AND NOT EXISTS (SELECT 1 FROM assessments o WHERE o.overrides = $2)`,
      [Date.now(), assessment.overrides],
    );
  }
}
