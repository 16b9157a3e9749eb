import type { z } from '@hono/zod-openapi';
import {
  toEvaluationRowJson,
  ASSAY_ATTRIBUTES,
  GEN_AI_ATTRIBUTES,
  OPENINFERENCE_ATTRIBUTES,
  type DatasetInfo,
  type DatasetSummary,
  type EvaluationRowRecord,
  type ListedModelPrice,
  type Span,
  type TokenUsage,
  type Trace,
  type TraceInfo,
} from '@assay/core';
import type {
  assayDatasetJson,
  assayDatasetSummaryJson,
  assayModelPriceJson,
  assaySpanJson,
  assaySpanSummaryJson,
  assayTraceInfoJson,
  assayTraceJson,
  evaluationRowJson,
} from '../schemas/assay-entities.js';
import { toMlflowAssessment } from './to-mlflow-assessment.js';

/** A dataset version as Assay's API returns it. */
export function toAssayDataset(info: DatasetInfo): z.infer<typeof assayDatasetJson> {
  return {
    name: info.name,
    version: info.version,
    digest: info.digest,
    row_count: info.rowCount,
    schema: info.schema.map((column) => ({ name: column.name, type: column.type })),
    source: info.source,
    source_type: info.sourceType,
    ...(info.description !== undefined ? { description: info.description } : {}),
    tags: info.tags,
    created_time: info.createdTime,
  };
}

/** A dataset in a listing. */
export function toAssayDatasetSummary(summary: DatasetSummary): z.infer<typeof assayDatasetSummaryJson> {
  return { ...toAssayDataset(summary), version_count: summary.versionCount };
}

/** An evaluation row as Assay's API returns it. */
export function toAssayEvaluationRow(row: EvaluationRowRecord): z.infer<typeof evaluationRowJson> {
  return toEvaluationRowJson(row);
}

function count(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** The token usage a span reports: MLflow's attribute, else the GenAI conventions', else OpenInference's. */
function spanTokenUsage(attributes: Readonly<Record<string, unknown>>): TokenUsage | undefined {
  const mlflow = attributes[ASSAY_ATTRIBUTES.tokenUsage];
  if (mlflow !== null && typeof mlflow === 'object') {
    const usage = mlflow as Record<string, unknown>;
    const inputTokens = count(usage['input_tokens']) ?? 0;
    const outputTokens = count(usage['output_tokens']) ?? 0;
    return { inputTokens, outputTokens, totalTokens: count(usage['total_tokens']) ?? inputTokens + outputTokens };
  }
  for (const [inputKey, outputKey] of [
    [GEN_AI_ATTRIBUTES.usageInputTokens, GEN_AI_ATTRIBUTES.usageOutputTokens],
    [OPENINFERENCE_ATTRIBUTES.promptTokens, OPENINFERENCE_ATTRIBUTES.completionTokens],
  ] as const) {
    const inputTokens = count(attributes[inputKey]);
    const outputTokens = count(attributes[outputKey]);
    if (inputTokens !== undefined || outputTokens !== undefined) {
      return { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0, totalTokens: (inputTokens ?? 0) + (outputTokens ?? 0) };
    }
  }
  return undefined;
}

function spanModel(attributes: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of [GEN_AI_ATTRIBUTES.responseModel, GEN_AI_ATTRIBUTES.requestModel, OPENINFERENCE_ATTRIBUTES.modelName]) {
    const model = attributes[key];
    if (typeof model === 'string' && model !== '') return model;
  }
  return undefined;
}

/** A span without its payloads (inputs, outputs, attributes, events): one node of a trace's span tree. */
export function toAssaySpanSummary(span: Span): z.infer<typeof assaySpanSummaryJson> {
  const usage = spanTokenUsage(span.attributes);
  const model = spanModel(span.attributes);
  const durationNs = span.endTimeUnixNano === undefined ? undefined : BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
  return {
    span_id: span.spanId,
    ...(span.parentSpanId !== undefined ? { parent_span_id: span.parentSpanId } : {}),
    name: span.name,
    span_type: span.spanType,
    start_time_unix_nano: span.startTimeUnixNano,
    ...(span.endTimeUnixNano !== undefined ? { end_time_unix_nano: span.endTimeUnixNano } : {}),
    ...(durationNs !== undefined ? { duration_ms: Number(durationNs) / 1e6 } : {}),
    status: span.status.message !== undefined ? { code: span.status.code, message: span.status.message } : { code: span.status.code },
    ...(model !== undefined ? { model } : {}),
    ...(usage !== undefined ? { token_usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, total_tokens: usage.totalTokens } } : {}),
    ...(span.cost !== undefined ? { cost: { input_cost: span.cost.inputCost, output_cost: span.cost.outputCost, total_cost: span.cost.totalCost } } : {}),
    event_count: span.events.length,
  };
}

/** A span with its payloads: inputs and outputs (MLflow's attributes, else OpenInference's), every attribute, the events. */
export function toAssaySpan(span: Span): z.infer<typeof assaySpanJson> {
  const inputs = span.attributes[ASSAY_ATTRIBUTES.spanInputs] ?? span.attributes[OPENINFERENCE_ATTRIBUTES.inputValue];
  const outputs = span.attributes[ASSAY_ATTRIBUTES.spanOutputs] ?? span.attributes[OPENINFERENCE_ATTRIBUTES.outputValue];
  return {
    ...toAssaySpanSummary(span),
    ...(inputs !== undefined ? { inputs } : {}),
    ...(outputs !== undefined ? { outputs } : {}),
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, time_unix_nano: event.timeUnixNano, attributes: event.attributes })),
  };
}

/** An evaluation row as a client sends it, as the Store takes it. */
export function fromAssayEvaluationRow(row: z.infer<typeof evaluationRowJson>): EvaluationRowRecord {
  return {
    rowIndex: row.row_index,
    inputs: row.inputs,
    ...('output' in row && row.output !== undefined ? { output: row.output } : {}),
    ...('targets' in row && row.targets !== undefined ? { targets: row.targets } : {}),
    ...(row.latency_ms !== undefined ? { latencyMs: row.latency_ms } : {}),
    ...(row.trace_id !== undefined ? { traceId: row.trace_id } : {}),
    ...(row.error !== undefined ? { error: row.error } : {}),
    metrics: row.metrics,
    ...(row.justifications !== undefined ? { justifications: row.justifications } : {}),
  };
}

/** A trace's summary as Assay's API returns it: every field of the Store's TraceInfo (cost and token usage included), assessments as MLflow 3's. */
export function toAssayTraceInfo(info: TraceInfo): z.infer<typeof assayTraceInfoJson> {
  return {
    trace_id: info.traceId,
    experiment_id: info.experimentId,
    ...(info.runId !== undefined ? { run_id: info.runId } : {}),
    ...(info.name !== undefined ? { name: info.name } : {}),
    request_time: info.requestTime,
    ...(info.executionDurationMs !== undefined ? { execution_duration_ms: info.executionDurationMs } : {}),
    state: info.state,
    ...(info.requestPreview !== undefined ? { request_preview: info.requestPreview } : {}),
    ...(info.responsePreview !== undefined ? { response_preview: info.responsePreview } : {}),
    ...(info.tokenUsage !== undefined
      ? { token_usage: { input_tokens: info.tokenUsage.inputTokens, output_tokens: info.tokenUsage.outputTokens, total_tokens: info.tokenUsage.totalTokens } }
      : {}),
    ...(info.cost !== undefined ? { cost: { input_cost: info.cost.inputCost, output_cost: info.cost.outputCost, total_cost: info.cost.totalCost } } : {}),
    ...(info.sessionId !== undefined ? { session_id: info.sessionId } : {}),
    ...(info.userId !== undefined ? { user_id: info.userId } : {}),
    tags: info.tags,
    metadata: info.metadata,
    assessments: info.assessments.map(toMlflowAssessment),
  };
}

/** A whole trace as Assay's API returns it: its summary and every span with its payloads, parents first. */
export function toAssayTrace(trace: Trace): z.infer<typeof assayTraceJson> {
  return { info: toAssayTraceInfo(trace.info), spans: trace.spans.map(toAssaySpan) };
}

/** A model price as Assay's API returns it. */
export function toAssayModelPrice(price: ListedModelPrice): z.infer<typeof assayModelPriceJson> {
  return { model: price.model, input_per_million_tokens: price.inputPerMillionTokens, output_per_million_tokens: price.outputPerMillionTokens, origin: price.origin };
}
