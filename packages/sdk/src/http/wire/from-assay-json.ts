import type {
  EvaluationRowJson,
  Cost,
  DatasetInfo,
  DatasetSourceType,
  DatasetSummary,
  EvaluationRowRecord,
  ListedModelPrice,
  Span,
  SpanType,
  TokenUsage,
  Trace,
  TraceInfo,
  TraceState,
} from '@assay/core';
import { toAssessment, type AssessmentJson } from './from-mlflow-json.js';

// The JSON of Assay's own routes (`/api/assay/v1/...`) as the Store's entities.

export interface DatasetJson {
  name: string;
  version: number;
  digest: string;
  row_count: number;
  schema: { name: string; type: string }[];
  source: string;
  source_type: DatasetSourceType;
  description?: string;
  tags: Record<string, string>;
  created_time: number;
}

export type { EvaluationRowJson } from '@assay/core';

interface TokenUsageJson {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

interface CostJson {
  input_cost: number;
  output_cost: number;
  total_cost: number;
}

export interface TraceInfoJson {
  trace_id: string;
  experiment_id: string;
  run_id?: string;
  name?: string;
  request_time: number;
  execution_duration_ms?: number;
  state: TraceState;
  request_preview?: string;
  response_preview?: string;
  token_usage?: TokenUsageJson;
  cost?: CostJson;
  session_id?: string;
  user_id?: string;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  assessments: AssessmentJson[];
}

export interface SpanJson {
  span_id: string;
  parent_span_id?: string;
  name: string;
  span_type: SpanType;
  start_time_unix_nano: string;
  end_time_unix_nano?: string;
  status: { code: Span['status']['code']; message?: string };
  cost?: CostJson;
  attributes: Record<string, unknown>;
  events: { name: string; time_unix_nano: string; attributes: Record<string, unknown> }[];
}

export interface ModelPriceJson {
  model: string;
  input_per_million_tokens: number;
  output_per_million_tokens: number;
  origin: ListedModelPrice['origin'];
}

export function toDatasetInfo(json: DatasetJson): DatasetInfo {
  return {
    name: json.name,
    version: json.version,
    digest: json.digest,
    rowCount: json.row_count,
    schema: json.schema.map((column) => ({ name: column.name, type: column.type })),
    source: json.source,
    sourceType: json.source_type,
    ...(json.description !== undefined ? { description: json.description } : {}),
    tags: json.tags,
    createdTime: json.created_time,
  };
}

export function toDatasetSummary(json: DatasetJson & { version_count: number }): DatasetSummary {
  return { ...toDatasetInfo(json), versionCount: json.version_count };
}

export function toEvaluationRow(json: EvaluationRowJson): EvaluationRowRecord {
  return {
    rowIndex: json.row_index,
    inputs: json.inputs,
    ...('output' in json && json.output !== undefined ? { output: json.output } : {}),
    ...('targets' in json && json.targets !== undefined ? { targets: json.targets } : {}),
    ...(json.latency_ms !== undefined ? { latencyMs: json.latency_ms } : {}),
    ...(json.trace_id !== undefined ? { traceId: json.trace_id } : {}),
    ...(json.error !== undefined ? { error: json.error } : {}),
    metrics: json.metrics,
    ...(json.justifications !== undefined ? { justifications: json.justifications } : {}),
  };
}

function toTokenUsage(json: TokenUsageJson): TokenUsage {
  return { inputTokens: json.input_tokens, outputTokens: json.output_tokens, totalTokens: json.total_tokens };
}

function toCost(json: CostJson): Cost {
  return { inputCost: json.input_cost, outputCost: json.output_cost, totalCost: json.total_cost };
}

export function toTraceInfo(json: TraceInfoJson): TraceInfo {
  return {
    traceId: json.trace_id,
    experimentId: json.experiment_id,
    ...(json.run_id !== undefined ? { runId: json.run_id } : {}),
    ...(json.name !== undefined ? { name: json.name } : {}),
    requestTime: json.request_time,
    ...(json.execution_duration_ms !== undefined ? { executionDurationMs: json.execution_duration_ms } : {}),
    state: json.state,
    ...(json.request_preview !== undefined ? { requestPreview: json.request_preview } : {}),
    ...(json.response_preview !== undefined ? { responsePreview: json.response_preview } : {}),
    ...(json.token_usage !== undefined ? { tokenUsage: toTokenUsage(json.token_usage) } : {}),
    ...(json.cost !== undefined ? { cost: toCost(json.cost) } : {}),
    ...(json.session_id !== undefined ? { sessionId: json.session_id } : {}),
    ...(json.user_id !== undefined ? { userId: json.user_id } : {}),
    tags: json.tags,
    metadata: json.metadata,
    assessments: json.assessments.map(toAssessment),
  };
}

export function toSpan(json: SpanJson, traceId: string): Span {
  return {
    traceId,
    spanId: json.span_id,
    ...(json.parent_span_id !== undefined ? { parentSpanId: json.parent_span_id } : {}),
    name: json.name,
    spanType: json.span_type,
    startTimeUnixNano: json.start_time_unix_nano,
    ...(json.end_time_unix_nano !== undefined ? { endTimeUnixNano: json.end_time_unix_nano } : {}),
    status: json.status.message !== undefined ? { code: json.status.code, message: json.status.message } : { code: json.status.code },
    attributes: json.attributes,
    events: json.events.map((event) => ({ name: event.name, timeUnixNano: event.time_unix_nano, attributes: event.attributes })),
    ...(json.cost !== undefined ? { cost: toCost(json.cost) } : {}),
  };
}

export function toTrace(json: { info: TraceInfoJson; spans: SpanJson[] }): Trace {
  return { info: toTraceInfo(json.info), spans: json.spans.map((span) => toSpan(span, json.info.trace_id)) };
}

export function toListedModelPrice(json: ModelPriceJson): ListedModelPrice {
  return { model: json.model, inputPerMillionTokens: json.input_per_million_tokens, outputPerMillionTokens: json.output_per_million_tokens, origin: json.origin };
}
