/** Assay's trace JSON as `/api/assay/v1/traces/...` returns it (snake_case; see the server's schemas/assay-entities.ts). */

export interface TraceTokenUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface TraceCost {
  input_cost: number;
  output_cost: number;
  total_cost: number;
}

export interface TraceAssessment {
  assessment_id?: string;
  assessment_name: string;
  feedback?: { value?: unknown; error?: { error_message?: string } };
  expectation?: { value?: unknown };
  rationale?: string;
  source?: { source_type?: string; source_id?: string };
  valid?: boolean;
}

/** A trace's summary (what the list shows). */
export interface TraceSummary {
  trace_id: string;
  experiment_id: string;
  run_id?: string;
  name?: string;
  request_time: number;
  execution_duration_ms?: number;
  state: 'OK' | 'ERROR' | 'IN_PROGRESS';
  request_preview?: string;
  response_preview?: string;
  token_usage?: TraceTokenUsage;
  cost?: TraceCost;
  session_id?: string;
  user_id?: string;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  assessments: TraceAssessment[];
}

export interface TraceSearchAnswer {
  traces?: TraceSummary[];
  next_page_token?: string;
}

/** A span without its payloads: one node of the span tree. */
export interface SpanSummary {
  span_id: string;
  parent_span_id?: string;
  name: string;
  span_type: string;
  start_time_unix_nano: string;
  end_time_unix_nano?: string;
  duration_ms?: number;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  model?: string;
  token_usage?: TraceTokenUsage;
  cost?: TraceCost;
  event_count: number;
}

export interface SpanEvent {
  name: string;
  time_unix_nano: string;
  attributes: Record<string, unknown>;
}

/** One span with its payloads (loaded when it is selected). */
export interface SpanDetail extends SpanSummary {
  inputs?: unknown;
  outputs?: unknown;
  attributes: Record<string, unknown>;
  events: SpanEvent[];
}
