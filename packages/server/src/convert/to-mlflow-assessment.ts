import type { z } from '@hono/zod-openapi';
import type { Assessment } from '@assay/core';
import type { assessmentJson } from '../schemas/mlflow-traces.js';

/** An assessment as MLflow 3's Assessment JSON (times as RFC 3339 text). */
export function toMlflowAssessment(assessment: Assessment): z.infer<typeof assessmentJson> {
  const error = assessment.feedback?.error;
  return {
    assessment_id: assessment.assessmentId,
    assessment_name: assessment.name,
    trace_id: assessment.traceId,
    ...(assessment.spanId !== undefined ? { span_id: assessment.spanId } : {}),
    source: { source_type: assessment.source.sourceType, source_id: assessment.source.sourceId },
    create_time: new Date(assessment.createTime).toISOString(),
    last_update_time: new Date(assessment.lastUpdateTime).toISOString(),
    ...(assessment.feedback !== undefined
      ? {
          feedback: {
            value: assessment.feedback.value,
            ...(error !== undefined ? { error: { error_code: error.errorCode, ...(error.errorMessage !== undefined ? { error_message: error.errorMessage } : {}) } } : {}),
          },
        }
      : { expectation: { value: assessment.expectation.value } }),
    ...(assessment.rationale !== undefined ? { rationale: assessment.rationale } : {}),
    ...(Object.keys(assessment.metadata).length > 0 ? { metadata: assessment.metadata } : {}),
    ...(assessment.overrides !== undefined ? { overrides: assessment.overrides } : {}),
    valid: assessment.valid,
  };
}
