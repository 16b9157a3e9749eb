import { z } from '@hono/zod-openapi';
import { DATASET_SOURCE_TYPES, SPAN_TYPES, type DatasetSourceType, type SpanType } from '@assay/core';
import { assessmentJson } from './mlflow-traces.js';

// Assay's own API (`/api/assay/v1/...`): snake_case JSON like the MLflow routes,
// user data (dataset rows, inputs, outputs, attributes) as it was logged.

/** One version of a dataset. */
export const assayDatasetJson = z
  .object({
    name: z.string(),
    version: z.number().int(),
    digest: z.string().openapi({ description: 'SHA-256 of the canonical rows (64 hex characters)' }),
    row_count: z.number().int(),
    schema: z.array(z.object({ name: z.string(), type: z.string() })),
    source: z.string(),
    source_type: z.enum(DATASET_SOURCE_TYPES as readonly [DatasetSourceType, ...DatasetSourceType[]]),
    description: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    created_time: z.number().int(),
  })
  .openapi('AssayDataset');

/** A dataset in a listing: its latest version and how many versions it has. */
export const assayDatasetSummaryJson = assayDatasetJson.extend({ version_count: z.number().int() }).openapi('AssayDatasetSummary');

/** A row of data: a JSON object. */
export const dataRow = z.record(z.string(), z.unknown()).openapi({ description: 'A row: column names to JSON values' });

/** One row of an evaluation's results. */
export const evaluationRowJson = z
  .object({
    row_index: z.number().int(),
    inputs: z.record(z.string(), z.unknown()),
    output: z.unknown().optional(),
    targets: z.unknown().optional(),
    latency_ms: z.number().optional(),
    trace_id: z.string().optional(),
    error: z.string().optional(),
    metrics: z.record(z.string(), z.number().nullable()),
    justifications: z.record(z.string(), z.string()).optional(),
  })
  .openapi('AssayEvaluationRow');

const tokenUsageJson = z.object({ input_tokens: z.number(), output_tokens: z.number(), total_tokens: z.number() }).openapi('AssayTokenUsage');
const costJson = z.object({ input_cost: z.number(), output_cost: z.number(), total_cost: z.number() }).openapi('AssayCost');

/** A span without its payloads: what a trace's span tree shows. */
export const assaySpanSummaryJson = z
  .object({
    span_id: z.string(),
    parent_span_id: z.string().optional(),
    name: z.string(),
    span_type: z.enum(SPAN_TYPES as readonly [SpanType, ...SpanType[]]),
    start_time_unix_nano: z.string().openapi({ description: 'Nanoseconds since the epoch, as decimal text' }),
    end_time_unix_nano: z.string().optional(),
    duration_ms: z.number().optional(),
    status: z.object({ code: z.enum(['UNSET', 'OK', 'ERROR']), message: z.string().optional() }),
    model: z.string().optional(),
    token_usage: tokenUsageJson.optional(),
    cost: costJson.optional(),
    event_count: z.number().int(),
  })
  .openapi('AssaySpanSummary');

/** One span with its payloads. */
export const assaySpanJson = assaySpanSummaryJson
  .extend({
    inputs: z.unknown().optional(),
    outputs: z.unknown().optional(),
    attributes: z.record(z.string(), z.unknown()),
    events: z.array(z.object({ name: z.string(), time_unix_nano: z.string(), attributes: z.record(z.string(), z.unknown()) })),
  })
  .openapi('AssaySpan');

/** A trace's summary: what the Store keeps of it, token usage and cost included, with its assessments (MLflow 3's form). */
export const assayTraceInfoJson = z
  .object({
    trace_id: z.string(),
    experiment_id: z.string(),
    run_id: z.string().optional(),
    name: z.string().optional(),
    request_time: z.number().int().openapi({ description: 'Milliseconds since the epoch when the root span started' }),
    execution_duration_ms: z.number().int().optional(),
    state: z.enum(['OK', 'ERROR', 'IN_PROGRESS']),
    request_preview: z.string().optional(),
    response_preview: z.string().optional(),
    token_usage: tokenUsageJson.optional(),
    cost: costJson.optional(),
    session_id: z.string().optional(),
    user_id: z.string().optional(),
    tags: z.record(z.string(), z.string()),
    metadata: z.record(z.string(), z.string()),
    assessments: z.array(assessmentJson),
  })
  .openapi('AssayTraceInfo');

/** A whole trace: its summary and every span with its payloads, parents before children. */
export const assayTraceJson = z.object({ info: assayTraceInfoJson, spans: z.array(assaySpanJson) }).openapi('AssayTrace');

/** A price of the store's model price table. */
export const assayModelPriceJson = z
  .object({
    model: z.string(),
    input_per_million_tokens: z.number().openapi({ description: 'US dollars per 1,000,000 input tokens' }),
    output_per_million_tokens: z.number().openapi({ description: 'US dollars per 1,000,000 output tokens' }),
    origin: z.enum(['built-in', 'store']),
  })
  .openapi('AssayModelPrice');
