import {
  concatPackedSpanRows,
  packSpans,
  toEvaluationRowJson,
  type LogSpansOperation,
  type NewAssessment,
  type PackedSpanRows,
  type WriteOperation,
} from '@assay/core';

// What the client sends: the Store's inputs as the server's JSON.

/** A number as a JSON double: non-finite values as protobuf JSON spells them. */
export function toWireDouble(value: number): number | 'NaN' | 'Infinity' | '-Infinity' {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** A record as MLflow's list of `{ key, value }` pairs. */
export function toKeyValues(record: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** A logSpans operation with every span as packed rows: the form the writes route takes (and the spool keeps). */
export function packedSpansOf(operation: LogSpansOperation): LogSpansOperation {
  const named = operation.experimentName === undefined ? {} : { experimentName: operation.experimentName };
  if (operation.spans.length === 0) {
    return operation.encodings === undefined ? operation : { op: 'logSpans', experimentId: operation.experimentId, ...named, spans: [], ...(operation.packed ? { packed: operation.packed } : {}) };
  }
  const fromSpans = packSpans(operation.spans, operation.encodings);
  const packed: PackedSpanRows = operation.packed !== undefined && operation.packed.count > 0 ? concatPackedSpanRows([fromSpans, operation.packed]) : fromSpans;
  return { op: 'logSpans', experimentId: operation.experimentId, ...named, spans: [], packed };
}


/** One write of `POST /api/assay/v1/writes`, numbered `sequence`. The operation's logSpans must be packed (packedSpansOf). */
export function toWriteJson(sequence: number, operation: WriteOperation): Record<string, unknown> {
  switch (operation.op) {
    case 'createRun': {
      const { run } = operation;
      return {
        sequence,
        type: 'create_run',
        experiment_id: run.experimentId,
        run_id: run.runId,
        run_name: run.runName,
        start_time: run.startTime,
        ...(run.userId !== '' ? { user_id: run.userId } : {}),
        ...(run.parentRunId !== undefined ? { parent_run_id: run.parentRunId } : {}),
        tags: Object.fromEntries(run.tags.map((tag) => [tag.key, tag.value])),
      };
    }
    case 'updateRun':
      return {
        sequence,
        type: 'update_run',
        run_id: operation.runId,
        ...(operation.status !== undefined ? { status: operation.status } : {}),
        ...(operation.endTime !== undefined ? { end_time: operation.endTime } : {}),
        ...(operation.runName !== undefined ? { run_name: operation.runName } : {}),
      };
    case 'logBatch':
      return {
        sequence,
        type: 'log_batch',
        run_id: operation.runId,
        metrics: operation.metrics.map((metric) => ({ key: metric.key, value: toWireDouble(metric.value), timestamp: metric.timestamp, step: metric.step })),
        params: operation.params,
        tags: operation.tags,
      };
    case 'deleteTag':
      return { sequence, type: 'delete_tag', run_id: operation.runId, key: operation.key };
    case 'logSpans':
      return {
        sequence,
        type: 'log_spans',
        experiment_id: operation.experimentId,
        // Spooled at exit before the experiment's id was known: the server finds or creates it by name.
        ...(operation.experimentName !== undefined ? { experiment_name: operation.experimentName } : {}),
        packed: operation.packed ?? { format: 1, count: 0, rows: '' },
      };
    case 'logEvaluationRows':
      return { sequence, type: 'log_evaluation_rows', run_id: operation.runId, rows: operation.rows.map(toEvaluationRowJson) };
  }
}

/** An assessment to log, as the assessments route takes it (MLflow 3's assessment, with its trace id). */
export function toNewAssessmentJson(assessment: NewAssessment): Record<string, unknown> {
  const error = assessment.feedback?.error;
  return {
    trace_id: assessment.traceId,
    assessment_name: assessment.name,
    source: { source_type: assessment.source.sourceType, source_id: assessment.source.sourceId },
    ...(assessment.spanId !== undefined ? { span_id: assessment.spanId } : {}),
    ...(assessment.feedback !== undefined
      ? {
          feedback: {
            value: assessment.feedback.value,
            ...(error !== undefined ? { error: { error_code: error.errorCode, ...(error.errorMessage !== undefined ? { error_message: error.errorMessage } : {}) } } : {}),
          },
        }
      : {}),
    ...(assessment.expectation !== undefined ? { expectation: { value: assessment.expectation.value } } : {}),
    ...(assessment.rationale !== undefined ? { rationale: assessment.rationale } : {}),
    ...(assessment.metadata !== undefined ? { metadata: assessment.metadata } : {}),
    ...(assessment.overrides !== undefined ? { overrides: assessment.overrides } : {}),
  };
}
