import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { NotFoundError, type Assessment, type AssessmentBase, type AssessmentError, type AssessmentIdInput, type AssessmentSource, type JsonValue } from '@assay/core';
import { requireTrace } from './require-trace.js';
import { toNumber } from './to-number.js';

const ASSESSMENT_COLUMNS =
  'assessment_id, trace_id, name, kind, value, error, rationale, source_type, source_id, span_id, metadata, overrides, valid, create_time, last_update_time';
// Assessments logged in one call share a time; rowid keeps them in the order they were given.
const ASSESSMENT_ORDER = 'ORDER BY create_time, rowid';

function present(value: DuckDBValue | undefined): value is DuckDBValue {
  return value !== null && value !== undefined;
}

/** Rebuilds an Assessment from an `assessments` row read with ASSESSMENT_COLUMNS. */
function rowToAssessment(row: readonly DuckDBValue[]): Assessment {
  const [assessmentId, traceId, name, kind, value, error, rationale, sourceType, sourceId, spanId, metadata, overrides, valid, createTime, lastUpdateTime] = row;
  const base: AssessmentBase = {
    assessmentId: String(assessmentId),
    name: String(name),
    traceId: String(traceId),
    source: { sourceType: String(sourceType) as AssessmentSource['sourceType'], sourceId: String(sourceId) },
    createTime: toNumber(createTime),
    lastUpdateTime: toNumber(lastUpdateTime),
    metadata: JSON.parse(String(metadata)) as Record<string, string>,
    valid: valid === true,
  };
  if (present(spanId)) base.spanId = String(spanId);
  if (present(rationale)) base.rationale = String(rationale);
  if (present(overrides)) base.overrides = String(overrides);
  const parsed = present(value) ? (JSON.parse(String(value)) as JsonValue) : null;
  if (kind === 'expectation') return { ...base, expectation: { value: parsed } };
  return {
    ...base,
    feedback: { value: parsed, ...(present(error) ? { error: JSON.parse(String(error)) as AssessmentError } : {}) },
  };
}

/** The assessments of some traces, each trace's oldest first; traces without any are absent from the map. */
export async function readAssessments(connection: DuckDBConnection, traceIds: readonly string[]): Promise<Map<string, Assessment[]>> {
  const byTrace = new Map<string, Assessment[]>();
  if (traceIds.length === 0) return byTrace;
  const result = await connection.runAndReadAll(
    traceIds.length === 1
      ? `SELECT ${ASSESSMENT_COLUMNS} FROM assessments WHERE trace_id = $1 ${ASSESSMENT_ORDER}`
      : `SELECT ${ASSESSMENT_COLUMNS} FROM assessments WHERE trace_id IN (SELECT unnest($1)) ${ASSESSMENT_ORDER}`,
    [traceIds.length === 1 ? traceIds[0]! : listValue([...traceIds])],
  );
  for (const row of result.getRows()) {
    const assessment = rowToAssessment(row);
    const list = byTrace.get(assessment.traceId);
    if (list === undefined) byTrace.set(assessment.traceId, [assessment]);
    else list.push(assessment);
  }
  return byTrace;
}

/** One assessment of a trace, or undefined when the trace has no assessment with this id. */
export async function readAssessment(
  connection: DuckDBConnection,
  { traceId, assessmentId }: { traceId: string; assessmentId: string },
): Promise<Assessment | undefined> {
  const result = await connection.runAndReadAll(`SELECT ${ASSESSMENT_COLUMNS} FROM assessments WHERE trace_id = $1 AND assessment_id = $2`, [
    traceId,
    assessmentId,
  ]);
  const [row] = result.getRows();
  return row === undefined ? undefined : rowToAssessment(row);
}

/** One assessment; NotFoundError for an unknown trace or an assessment id the trace does not have. */
export async function requireAssessment(connection: DuckDBConnection, input: AssessmentIdInput): Promise<Assessment> {
  await requireTrace(connection, input);
  const assessment = await readAssessment(connection, input);
  if (assessment === undefined) {
    throw new NotFoundError(`Assessment '${input.assessmentId}' not found on trace '${input.traceId}'. Check both ids (getTrace lists a trace's assessments).`);
  }
  return assessment;
}
