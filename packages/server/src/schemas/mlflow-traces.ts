import { z } from '@hono/zod-openapi';
import { ASSESSMENT_SOURCE_TYPES, type AssessmentSourceType } from '@assay/core';
import { keyValue } from './mlflow-fields.js';

// MLflow 3's trace entities (TraceInfoV3, Assessment) and MLflow 2's TraceInfo,
// as its server takes and returns them: snake_case, google.protobuf.Timestamp
// as RFC 3339 text, Duration as "0.03s", maps as JSON objects.

/** A google.protobuf.Timestamp: RFC 3339 text, e.g. `2025-06-15T14:07:41.282Z`. */
export const timestampText = z
  .string()
  .refine((value) => Number.isFinite(Date.parse(value)), { error: 'expected an RFC 3339 timestamp, e.g. 2025-06-15T14:07:41.282Z' })
  .openapi({ format: 'date-time', example: '2025-06-15T14:07:41.282Z' });

/** A google.protobuf.Duration: seconds with an `s`, e.g. `0.03s`. */
export const durationText = z
  .string()
  .regex(/^\d+(\.\d+)?s$/u, { error: 'expected a duration in seconds such as "0.03s"' })
  .openapi({ example: '0.03s' });

/** Where a trace lives: an MLflow experiment (the only location this server has). */
export const traceLocationJson = z
  .object({
    type: z.string().optional().openapi({ example: 'MLFLOW_EXPERIMENT' }),
    mlflow_experiment: z.object({ experiment_id: z.string() }).optional(),
  })
  .openapi('TraceLocation');

const stringMap = z.record(z.string(), z.string());

/** A trace's state (TraceInfoV3.State). */
export const traceStateV3 = z.enum(['STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS']).openapi('TraceState');

/** Who made an assessment. */
export const assessmentSourceJson = z
  .object({
    source_type: z.enum(ASSESSMENT_SOURCE_TYPES as readonly [AssessmentSourceType, ...AssessmentSourceType[]]),
    source_id: z.string().optional().openapi({ description: "Which person, judge or code; default 'default'." }),
  })
  .openapi('AssessmentSource');

/** Why a feedback has no value. */
export const assessmentErrorJson = z
  .object({ error_code: z.string(), error_message: z.string().optional(), stack_trace: z.string().optional() })
  .openapi('AssessmentError');

/** A JSON value (google.protobuf.Value). */
const jsonValue = z.unknown().openapi({ description: 'Any JSON value.' });

/** An assessment as MLflow's server returns it. */
export const assessmentJson = z
  .object({
    assessment_id: z.string(),
    assessment_name: z.string(),
    trace_id: z.string(),
    span_id: z.string().optional(),
    source: assessmentSourceJson,
    create_time: z.string(),
    last_update_time: z.string(),
    feedback: z.object({ value: jsonValue, error: assessmentErrorJson.optional() }).optional(),
    expectation: z.object({ value: jsonValue }).optional(),
    rationale: z.string().optional(),
    metadata: stringMap.optional(),
    overrides: z.string().optional(),
    valid: z.boolean(),
  })
  .openapi('Assessment');

/** An expectation's value: `value`, or `serialized_value` (JSON text) as MLflow sends values that are not JSON. */
const expectationIn = z.object({
  value: jsonValue.optional(),
  serialized_value: z.object({ serialization_format: z.string().optional(), value: z.string() }).optional(),
});

/** An assessment as a client sends it (create and update). */
export const assessmentIn = z
  .object({
    assessment_id: z.string().optional(),
    assessment_name: z.string().optional(),
    trace_id: z.string().optional(),
    span_id: z.string().optional(),
    source: assessmentSourceJson.optional(),
    create_time: z.string().optional(),
    last_update_time: z.string().optional(),
    feedback: z.object({ value: jsonValue.optional(), error: assessmentErrorJson.optional() }).optional(),
    expectation: expectationIn.optional(),
    rationale: z.string().optional(),
    metadata: stringMap.optional(),
    overrides: z.string().optional(),
    valid: z.boolean().optional(),
  })
  .openapi('AssessmentInput');

/** A trace's summary (TraceInfoV3) as MLflow's server returns it. */
export const traceInfoV3Json = z
  .object({
    trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }),
    client_request_id: z.string().optional(),
    trace_location: traceLocationJson,
    request_preview: z.string().optional(),
    response_preview: z.string().optional(),
    request_time: z.string(),
    execution_duration: z.string().optional(),
    state: traceStateV3,
    trace_metadata: stringMap,
    tags: stringMap,
    assessments: z.array(assessmentJson).optional(),
  })
  .openapi('TraceInfoV3');

/** A trace's summary as a client sends it to StartTraceV3 (when the trace ends). */
export const traceInfoV3In = z
  .object({
    trace_id: z.string().min(1, { error: 'expected a trace id such as tr-<32 hex characters>' }),
    client_request_id: z.string().optional(),
    trace_location: traceLocationJson.optional(),
    request_preview: z.string().optional(),
    response_preview: z.string().optional(),
    request_time: timestampText.optional(),
    execution_duration: durationText.optional(),
    state: traceStateV3.optional(),
    trace_metadata: stringMap.optional(),
    tags: stringMap.optional(),
    assessments: z.array(z.unknown()).optional().openapi({ description: 'Ignored: log assessments through the assessments routes.' }),
  })
  .openapi('TraceInfoV3Input');

/** A trace's status in MLflow 2's TraceInfo. */
export const traceStatusV2 = z.enum(['TRACE_STATUS_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS']).openapi('TraceStatus');

/** A trace's summary as MLflow 2's server returns it (legacy traces API). */
export const traceInfoV2Json = z
  .object({
    request_id: z.string(),
    experiment_id: z.string(),
    timestamp_ms: z.number().int(),
    execution_time_ms: z.number().int().optional(),
    status: traceStatusV2,
    request_metadata: z.array(keyValue).optional(),
    tags: z.array(keyValue).optional(),
  })
  .openapi('TraceInfoV2');

/** A nanosecond time in traces.json: a JSON integer (beyond 2^53, read exactly) or a string of digits. */
const nanoseconds = z.union([z.string().regex(/^\d{1,19}$/u), z.number().nonnegative()]).openapi({ type: 'integer', format: 'int64' });

/** One span of traces.json: MLflow 3's form (OpenTelemetry's span JSON with base64 ids), or MLflow 2's (`context`, hex ids). */
export const traceDataSpanJson = z
  .object({
    trace_id: z.string().optional().openapi({ description: 'Ignored: the trace is the one the path names.' }),
    span_id: z.string().optional().openapi({ description: 'base64 of 8 bytes (MLflow 3) or 16 hex characters' }),
    parent_span_id: z.string().nullable().optional().openapi({ description: '`""` or null for the root span' }),
    name: z.string(),
    start_time_unix_nano: nanoseconds.optional(),
    end_time_unix_nano: nanoseconds.nullable().optional(),
    status: z.union([z.object({ code: z.string().optional(), message: z.string().nullable().optional() }), z.string()]).optional(),
    attributes: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Values JSON-encoded (Python) or already parsed (TypeScript)' }),
    events: z
      .array(
        z.object({
          name: z.string(),
          time_unix_nano: nanoseconds.optional(),
          timestamp: nanoseconds.optional(),
          attributes: z.record(z.string(), z.unknown()).nullable().optional(),
        }),
      )
      .optional(),
    // MLflow 2's fields.
    context: z.object({ span_id: z.string(), trace_id: z.string().optional() }).optional(),
    parent_id: z.string().nullable().optional(),
    start_time: nanoseconds.optional(),
    end_time: nanoseconds.nullable().optional(),
    status_code: z.string().optional(),
    status_message: z.string().nullable().optional(),
  })
  .openapi('TraceDataSpan');

/** The trace-data artifact `traces.json`: a trace's spans. */
export const traceDataJson = z.object({ spans: z.array(traceDataSpanJson) }).openapi('TraceData');
