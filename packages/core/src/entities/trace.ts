import type { Assessment } from './assessment.js';

/** What a span does (MLflow's span types). */
export type SpanType =
  | 'LLM'
  | 'CHAT_MODEL'
  | 'CHAIN'
  | 'AGENT'
  | 'TOOL'
  | 'RETRIEVER'
  | 'EMBEDDING'
  | 'RERANKER'
  | 'PARSER'
  | 'MEMORY'
  | 'UNKNOWN';

export const SPAN_TYPES: readonly SpanType[] = [
  'LLM',
  'CHAT_MODEL',
  'CHAIN',
  'AGENT',
  'TOOL',
  'RETRIEVER',
  'EMBEDDING',
  'RERANKER',
  'PARSER',
  'MEMORY',
  'UNKNOWN',
];

/** A trace's overall state; the root span's status decides it (UNSET counts as OK). */
export type TraceState = 'OK' | 'ERROR' | 'IN_PROGRESS';

/** Token counts of one call or, summed, of a trace. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/**
 * What a call cost in US dollars: its token usage priced with the model price
 * table (see ModelPriceStore). Absent, never zero, when the model has no price.
 */
export interface Cost {
  /** Input tokens × the model's input price. */
  inputCost: number;
  /** Output tokens × the model's output price. */
  outputCost: number;
  /** inputCost + outputCost. */
  totalCost: number;
}

/** OpenTelemetry's span status. */
export interface SpanStatus {
  code: 'UNSET' | 'OK' | 'ERROR';
  message?: string;
}

/** Something that happened during a span, e.g. an `exception`. */
export interface SpanEvent {
  name: string;
  /** Nanoseconds since the epoch, as a decimal string (exceeds 2^53). */
  timeUnixNano: string;
  attributes: Record<string, unknown>;
}

/** One operation in a trace. */
export interface Span {
  /** `tr-` + 32 hex characters (the OpenTelemetry trace id with MLflow's prefix). */
  traceId: string;
  /** 16 hex characters. */
  spanId: string;
  /** Absent for the root span. */
  parentSpanId?: string;
  name: string;
  spanType: SpanType;
  /** Nanoseconds since the epoch, as a decimal string. */
  startTimeUnixNano: string;
  /** Absent while the span is open. */
  endTimeUnixNano?: string;
  status: SpanStatus;
  /** Attribute values decoded from JSON where they were JSON (inputs, outputs, usage ...). */
  attributes: Record<string, unknown>;
  events: SpanEvent[];
  /**
   * Set by the store on the spans it returns, when the span reports token
   * usage and its model (`gen_ai.response.model`, else `gen_ai.request.model`,
   * else `llm.model_name`) has a price. Ignored on input.
   */
  cost?: Cost;
}

/** A trace's summary (MLflow's TraceInfoV3, in camelCase). */
export interface TraceInfo {
  traceId: string;
  experimentId: string;
  /** The run the trace belongs to, when it was made inside one. */
  runId?: string;
  /** The root span's name. */
  name?: string;
  /** Milliseconds since the epoch when the root span started. */
  requestTime: number;
  /** Root span duration; absent while in progress. */
  executionDurationMs?: number;
  state: TraceState;
  /** The root span's inputs as JSON, cut to 1,000 characters. */
  requestPreview?: string;
  /** The root span's outputs as JSON, cut to 1,000 characters. */
  responsePreview?: string;
  /** Summed over spans, counting a span only when no ancestor carries usage (MLflow's rule). */
  tokenUsage?: TokenUsage;
  /**
   * The trace's cost: summed over the spans that have one, counting a span only
   * when no ancestor has a cost (a priced wrapper already includes its
   * children). Absent when no span has a known model price.
   */
  cost?: Cost;
  sessionId?: string;
  userId?: string;
  /** Mutable labels. */
  tags: Record<string, string>;
  /** Immutable key/values set while tracing. */
  metadata: Record<string, string>;
  /** Feedback and expectations logged on the trace or its spans, oldest first (overridden ones included, marked not valid). */
  assessments: Assessment[];
}

/** A trace: its summary and its spans, parents before children. */
export interface Trace {
  info: TraceInfo;
  spans: Span[];
}

/** The longest request/response preview, as MLflow's TypeScript SDK cuts them. */
export const TRACE_PREVIEW_LENGTH = 1000;
