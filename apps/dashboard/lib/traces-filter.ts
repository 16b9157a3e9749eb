import { quoteFilterValue } from './filter-grammar';

/**
 * The traces list's URL parameters and the store's trace filter they stand for
 * (core's TRACE_FILTER_DIALECT: `trace.status = 'ERROR' and tags.env = 'prod'`).
 * Every filter lives in the URL, so a reload or a shared link shows the same list.
 */

/** The URL parameters of `/traces` (all optional strings, as Next.js passes them). */
export interface TracesQuery {
  experiment?: string;
  status?: string;
  /** `1h`, `1d` or `7d`: traces started since then. */
  since?: string;
  /** Instants as ISO text (the form turns the viewer's local time into UTC). */
  from?: string;
  to?: string;
  /** Traces that took at least this many milliseconds. */
  min_ms?: string;
  model?: string;
  span_type?: string;
  /** `key=value`. */
  tag?: string;
  session?: string;
  user?: string;
  /** `name` or `name@version`: traces that used a registered prompt. */
  prompt?: string;
  /** Text in a span's name, inputs or outputs. */
  q?: string;
  /** The filter grammar itself, ANDed with the rest. */
  filter?: string;
  /** time_desc (default), time_asc, duration_desc, duration_asc. */
  order?: string;
}

/** The keys of {@link TracesQuery} that narrow the list (what "clear filters" removes). */
export const TRACE_FILTER_PARAMS = ['status', 'since', 'from', 'to', 'min_ms', 'model', 'span_type', 'tag', 'session', 'user', 'prompt', 'q', 'filter'] as const;

export const TIME_WINDOWS: Record<string, { label: string; milliseconds: number }> = {
  '1h': { label: 'Last hour', milliseconds: 3_600_000 },
  '1d': { label: 'Last day', milliseconds: 86_400_000 },
  '7d': { label: 'Last week', milliseconds: 7 * 86_400_000 },
};

export const TRACE_ORDERS: Record<string, { label: string; orderBy: string }> = {
  time_desc: { label: 'Newest first', orderBy: 'timestamp_ms DESC' },
  time_asc: { label: 'Oldest first', orderBy: 'timestamp_ms ASC' },
  duration_desc: { label: 'Slowest first', orderBy: 'execution_time_ms DESC' },
  duration_asc: { label: 'Fastest first', orderBy: 'execution_time_ms ASC' },
};

/** The span types the store knows (core's SPAN_TYPES), for the span type chooser. */
export const SPAN_TYPE_CHOICES = ['LLM', 'CHAT_MODEL', 'CHAIN', 'AGENT', 'TOOL', 'RETRIEVER', 'EMBEDDING', 'RERANKER', 'PARSER', 'MEMORY', 'GUARDRAIL', 'EVALUATOR', 'TASK', 'WORKFLOW', 'UNKNOWN'];

/** A key of the grammar in backquotes, so dots and dashes in it stay part of the key. */
function quoteKey(key: string): string {
  return `\`${key.replace(/`/g, '')}\``;
}

/** `%text%` for LIKE and ILIKE; a `%` or `_` the user types stays a wildcard (the grammar has no LIKE escape). */
function containing(text: string): string {
  return quoteFilterValue(`%${text}%`);
}

/** Milliseconds since the epoch of a `datetime-local` or ISO value, or undefined when it is not a date. */
export function parseTimeParameter(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const milliseconds = Date.parse(value);
  return Number.isFinite(milliseconds) ? milliseconds : undefined;
}

/** The parts of the filter, one per URL parameter set (each a clause of the grammar), ANDed by {@link traceFilterOf}. */
export function traceFilterClauses(query: TracesQuery, now: number): string[] {
  const clauses: string[] = [];
  const text = (value: string | undefined) => (value === undefined ? '' : value.trim());
  // The raw expression first, so the server's error column is its own plus the one parenthesis ({@link rawFilterError}).
  if (text(query.filter) !== '') clauses.push(`(${text(query.filter)})`);
  if (query.status === 'OK' || query.status === 'ERROR') clauses.push(`trace.status = '${query.status}'`);
  const window = query.since !== undefined ? TIME_WINDOWS[query.since] : undefined;
  if (window !== undefined) clauses.push(`trace.timestamp_ms >= ${now - window.milliseconds}`);
  const from = parseTimeParameter(query.from);
  if (from !== undefined) clauses.push(`trace.timestamp_ms >= ${from}`);
  const to = parseTimeParameter(query.to);
  if (to !== undefined) clauses.push(`trace.timestamp_ms <= ${to}`);
  const minimum = Number(text(query.min_ms));
  if (text(query.min_ms) !== '' && Number.isFinite(minimum)) clauses.push(`trace.execution_time_ms >= ${minimum}`);
  if (text(query.model) !== '') {
    // The model is named by GenAI's request or response model, or OpenInference's model name, on some span.
    const pattern = containing(text(query.model));
    clauses.push(
      `(span.attributes.${quoteKey('gen_ai.request.model')} ILIKE ${pattern} OR span.attributes.${quoteKey('gen_ai.response.model')} ILIKE ${pattern} OR span.attributes.${quoteKey('llm.model_name')} ILIKE ${pattern})`,
    );
  }
  if (text(query.span_type) !== '') clauses.push(`span.type = ${quoteFilterValue(text(query.span_type))}`);
  if (text(query.tag) !== '') {
    const [key = '', ...rest] = text(query.tag).split('=');
    if (key.trim() !== '') clauses.push(rest.length === 0 ? `tags.${quoteKey(key.trim())} LIKE '%'` : `tags.${quoteKey(key.trim())} = ${quoteFilterValue(rest.join('=').trim())}`);
  }
  if (text(query.session) !== '') clauses.push(`trace.session_id = ${quoteFilterValue(text(query.session))}`);
  if (text(query.user) !== '') clauses.push(`trace.user_id = ${quoteFilterValue(text(query.user))}`);
  if (text(query.prompt) !== '') {
    // The SDK tags a trace that used a prompt `assay.prompt.<name>` = version (promptTraceFilter).
    const [name = '', version] = text(query.prompt).split('@');
    const key = `tags.${quoteKey(`assay.prompt.${name.trim()}`)}`;
    clauses.push(version === undefined || version.trim() === '' ? `${key} LIKE '%'` : `${key} = ${quoteFilterValue(version.trim())}`);
  }
  if (text(query.q) !== '') clauses.push(`trace.text ILIKE ${containing(text(query.q))}`);
  return clauses;
}

/** The whole filter of a traces query, or undefined for all traces. */
export function traceFilterOf(query: TracesQuery, now: number): string | undefined {
  const clauses = traceFilterClauses(query, now);
  return clauses.length === 0 ? undefined : clauses.join(' AND ');
}

/** The server's `order_by` for the query's order (newest first by default). */
export function traceOrderOf(query: TracesQuery): string[] {
  return [(TRACE_ORDERS[query.order ?? ''] ?? TRACE_ORDERS.time_desc!).orderBy];
}

/** The server's error for a filter, with its column counted in the raw expression the user typed (which the filter wraps in parentheses, first). */
export function rawFilterError(message: string, query: TracesQuery): string {
  if (query.filter === undefined || query.filter.trim() === '') return message;
  return message.replace(/at column (\d+)/, (_match, column: string) => `at column ${Math.max(Number(column) - 1, 1)}`);
}
