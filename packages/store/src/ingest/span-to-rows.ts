import {
  ASSAY_ATTRIBUTES,
  GEN_AI_ATTRIBUTES,
  OPENINFERENCE_ATTRIBUTES,
  SPAN_TYPES,
  TRACE_PREVIEW_LENGTH,
  type SpanEncoding,
  type Span,
  type Cost,
  type ModelPriceTable,
  type SpanType,
  type TokenUsage,
  type TraceState,
} from '@assay/core';

/** One row of the `spans` table. */
export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  spanType: SpanType;
  /** Nanoseconds since the epoch, as the span's validated digit string. */
  startTimeNs: string;
  endTimeNs: string | undefined;
  statusCode: Span['status']['code'];
  statusMessage: string | undefined;
  /** JSON object of the attributes. */
  attributes: string;
  /** JSON array of the events. */
  events: string;
  /** The inputs as text, for `trace.text` searches. */
  inputs: string | undefined;
  outputs: string | undefined;
  /** What the span cost, when it has token usage and a priced model. */
  cost: Cost | undefined;
}

/** What a span reports of its token usage and what that cost (see measureSpan). */
export interface SpanMeasure {
  usage?: TokenUsage;
  cost?: Cost;
}

/** The columns of a `traces` row that are derived from its spans. */
export interface TraceSummary {
  rootSpanId?: string;
  name?: string;
  state: TraceState;
  /** Milliseconds since the epoch: the root's start, or the earliest span's while the root is missing. */
  requestTime: number;
  executionDurationMs?: number;
  endTimeMs?: number;
  requestPreview?: string;
  responsePreview?: string;
  tokenUsage?: TokenUsage;
  cost?: Cost;
  sessionId?: string;
  userId?: string;
  runId?: string;
  /** Tags set while tracing (root attribute `assay.trace.tags`). */
  tags: Record<string, string>;
  metadata: Record<string, string>;
}

const NANOSECONDS_PER_MILLISECOND = 1_000_000n;

const OPENINFERENCE_SPAN_TYPES: Readonly<Record<string, SpanType>> = {
  LLM: 'LLM',
  CHAIN: 'CHAIN',
  TOOL: 'TOOL',
  RETRIEVER: 'RETRIEVER',
  EMBEDDING: 'EMBEDDING',
  RERANKER: 'RERANKER',
  AGENT: 'AGENT',
};

/**
 * One attribute of a span. With its producer's encoding, a key the encoding
 * holds as JSON text may be missing from the decoded attributes (the
 * producer did not decode a large payload): it is decoded from the encoding.
 */
function attribute(span: Span, key: string, encoding?: SpanEncoding): unknown {
  if (Object.hasOwn(span.attributes, key)) return span.attributes[key];
  // A key the span leaves out is read from its encoding: decoded when it holds JSON text, else as it is.
  if (encoding === undefined || !Object.hasOwn(encoding.attributes, key)) return undefined;
  return encoding.jsonKeys.includes(key) ? decoded(encoding.attributes[key]) : encoding.attributes[key];
}

// Characters JSON text can start with: whitespace, `{`, `[`, `"`, `-`, digits, and t/f/n of true/false/null.
const JSON_START = /^[\s{["\-\d]|^(?:true|false|null)\s*$/;

/** Attribute values may arrive still JSON-encoded (Python, OTLP) or already decoded (the TS SDK). */
function decoded(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // Plain text (the TS SDK's decoded values, e.g. 'TOOL') cannot parse: skip the throw, which is slow.
  if (!JSON_START.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function toCount(value: unknown): number | undefined {
  const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof count === 'number' && Number.isFinite(count) ? count : undefined;
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The span's inputs (or outputs) as text: Assay/MLflow's attribute as JSON,
 * else OpenInference's `input.value`, which is already text.
 */
export function spanPayloadText(span: Span, which: 'inputs' | 'outputs', encoding?: SpanEncoding): string | undefined {
  // The producer's JSON text of Assay's payload, when it gave one.
  const key = which === 'inputs' ? ASSAY_ATTRIBUTES.spanInputs : ASSAY_ATTRIBUTES.spanOutputs;
  if (encoding !== undefined && encoding.jsonKeys.includes(key)) return encoding.attributes[key] as string;
  const assay = attribute(span, key, encoding);
  if (assay !== undefined) return JSON.stringify(decoded(assay));
  return asText(attribute(span, which === 'inputs' ? OPENINFERENCE_ATTRIBUTES.inputValue : OPENINFERENCE_ATTRIBUTES.outputValue, encoding));
}

/** The span's type: Assay's attribute, else OpenInference's span kind, else the span's own field. */
export function resolveSpanType(span: Span, encoding?: SpanEncoding): SpanType {
  const assay = decoded(attribute(span, ASSAY_ATTRIBUTES.spanType, encoding));
  if (typeof assay === 'string' && (SPAN_TYPES as readonly string[]).includes(assay)) return assay as SpanType;
  const kind = attribute(span, OPENINFERENCE_ATTRIBUTES.spanKind, encoding);
  if (typeof kind === 'string') return OPENINFERENCE_SPAN_TYPES[kind.toUpperCase()] ?? 'UNKNOWN';
  return span.spanType;
}

/** The token usage one span reports, from the first convention it carries. */
export function spanTokenUsage(span: Span, encoding?: SpanEncoding): TokenUsage | undefined {
  const assay = decoded(attribute(span, ASSAY_ATTRIBUTES.tokenUsage, encoding));
  if (assay !== null && typeof assay === 'object') {
    const usage = assay as Record<string, unknown>;
    const inputTokens = toCount(usage['input_tokens']) ?? 0;
    const outputTokens = toCount(usage['output_tokens']) ?? 0;
    return { inputTokens, outputTokens, totalTokens: toCount(usage['total_tokens']) ?? inputTokens + outputTokens };
  }
  const genAiInput = toCount(attribute(span, GEN_AI_ATTRIBUTES.usageInputTokens, encoding));
  const genAiOutput = toCount(attribute(span, GEN_AI_ATTRIBUTES.usageOutputTokens, encoding));
  if (genAiInput !== undefined || genAiOutput !== undefined) {
    const inputTokens = genAiInput ?? 0;
    const outputTokens = genAiOutput ?? 0;
    return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  }
  const prompt = toCount(attribute(span, OPENINFERENCE_ATTRIBUTES.promptTokens, encoding));
  const completion = toCount(attribute(span, OPENINFERENCE_ATTRIBUTES.completionTokens, encoding));
  const total = toCount(attribute(span, OPENINFERENCE_ATTRIBUTES.totalTokens, encoding));
  if (prompt === undefined && completion === undefined && total === undefined) return undefined;
  const inputTokens = prompt ?? 0;
  const outputTokens = completion ?? 0;
  return { inputTokens, outputTokens, totalTokens: total ?? inputTokens + outputTokens };
}

/** The model a span called: the one that answered (GenAI), else the one asked for, else OpenInference's. */
export function spanModel(span: Span, encoding?: SpanEncoding): string | undefined {
  for (const key of [GEN_AI_ATTRIBUTES.responseModel, GEN_AI_ATTRIBUTES.requestModel, OPENINFERENCE_ATTRIBUTES.modelName]) {
    const model = attribute(span, key, encoding);
    if (typeof model === 'string' && model !== '') return model;
  }
  return undefined;
}

/**
 * A span's token usage and, when its model has a price, its cost. The model
 * is looked up only for spans with usage (LLM calls), and its attributes are
 * plain strings: no parsing beyond the usage's own.
 */
export function measureSpan(span: Span, encoding: SpanEncoding | undefined, prices: ModelPriceTable | undefined): SpanMeasure {
  const usage = spanTokenUsage(span, encoding);
  if (usage === undefined) return {};
  const cost = prices?.costOf(usage, spanModel(span, encoding));
  return cost === undefined ? { usage } : { usage, cost };
}

// JSON text of attribute keys, which repeat from span to span.
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (keyTexts.size < 10_000) keyTexts.set(key, text);
  }
  return text;
}

/** The stored text of a span's attributes and payloads from its producer's encoded values (no decoding, no re-serialising of JSON text). */
export function encodedSpanText(encoding: SpanEncoding): { attributes: string; inputs?: string; outputs?: string } {
  const parts: string[] = [];
  const text: { attributes: string; inputs?: string; outputs?: string } = { attributes: '' };
  for (const key of Object.keys(encoding.attributes)) {
    const value = encoding.attributes[key];
    const valueText = encoding.jsonKeys.includes(key) ? (value as string) : (JSON.stringify(value) ?? 'null');
    parts.push(`${keyText(key)}:${valueText}`);
    if (key === ASSAY_ATTRIBUTES.spanInputs) text.inputs = valueText;
    else if (key === ASSAY_ATTRIBUTES.spanOutputs) text.outputs = valueText;
  }
  text.attributes = `{${parts.join(',')}}`;
  return text;
}

/** Maps a span onto its `spans` row, writing its producer's encoded attribute values when given, and its cost when measured. */
export function spanToRow(span: Span, encoding?: SpanEncoding, measure?: SpanMeasure): SpanRow {
  const encoded = encoding === undefined ? undefined : encodedSpanText(encoding);
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    spanType: resolveSpanType(span, encoding),
    startTimeNs: span.startTimeUnixNano,
    endTimeNs: span.endTimeUnixNano,
    statusCode: span.status.code,
    statusMessage: span.status.message,
    attributes: encoded?.attributes ?? JSON.stringify(span.attributes),
    events: JSON.stringify(span.events),
    inputs: encoded?.inputs ?? spanPayloadText(span, 'inputs'),
    outputs: encoded?.outputs ?? spanPayloadText(span, 'outputs'),
    cost: measure?.cost,
  };
}

/** Cuts a preview to TRACE_PREVIEW_LENGTH characters, marking a cut with `...` (as MLflow's TS SDK does). */
export function cutPreview(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= TRACE_PREVIEW_LENGTH) return text;
  return `${text.slice(0, TRACE_PREVIEW_LENGTH - 3)}...`;
}

function stringRecord(value: unknown): Record<string, string> {
  const object = decoded(value);
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return {};
  const record: Record<string, string> = {};
  for (const [key, item] of Object.entries(object)) {
    if (item !== undefined && item !== null) record[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return record;
}

function stringAttribute(span: Span, key: string, encoding?: SpanEncoding): string | undefined {
  const value = decoded(attribute(span, key, encoding));
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * The values of the outermost spans that have one: a span counts only when no
 * ancestor has a value (MLflow's rule for usage: a wrapper span's usage
 * already includes its children's; costs follow the same rule).
 */
function outermostValues<T>(spans: readonly Span[], valueOf: (span: Span) => T | undefined): T[] {
  const values = new Map<string, T>();
  for (const span of spans) {
    const value = valueOf(span);
    if (value !== undefined) values.set(span.spanId, value);
  }
  // Most traces have no usage at all (no LLM call): then there are no ancestors to look up.
  if (values.size === 0) return [];
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const outermost: T[] = [];
  for (const [spanId, value] of values) {
    const visited = new Set([spanId]);
    let parentId = byId.get(spanId)?.parentSpanId;
    let covered = false;
    while (parentId !== undefined && !visited.has(parentId)) {
      if (values.has(parentId)) {
        covered = true;
        break;
      }
      visited.add(parentId);
      parentId = byId.get(parentId)?.parentSpanId;
    }
    if (!covered) outermost.push(value);
  }
  return outermost;
}

/** Sums token usage over spans, counting a span only when no ancestor carries usage. */
export function sumTokenUsage(spans: readonly Span[], encodingOf?: (span: Span) => SpanEncoding | undefined): TokenUsage | undefined {
  return sumFields(outermostValues(spans, (span) => spanTokenUsage(span, encodingOf?.(span))), USAGE_FIELDS);
}

const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'totalTokens'] as const;
const COST_FIELDS = ['inputCost', 'outputCost', 'totalCost'] as const;

/** Adds up records field by field (usages, costs); undefined when there are none. */
function sumFields<K extends string>(records: readonly Readonly<Record<K, number>>[], fields: readonly K[]): Record<K, number> | undefined {
  if (records.length === 0) return undefined;
  const total = Object.fromEntries(fields.map((field) => [field, 0])) as Record<K, number>;
  for (const record of records) for (const field of fields) total[field] += record[field];
  return total;
}

function toMilliseconds(nanoseconds: string): number {
  return Number(BigInt(nanoseconds) / NANOSECONDS_PER_MILLISECOND);
}

/**
 * The trace's root: the span without a parent, else the earliest span marked
 * `assay.trace.root` (the topmost span of a trace that joined a parent this
 * store does not hold: another service's, or an application's own span).
 */
function findRoot(spans: readonly Span[], encodingOf?: (span: Span) => SpanEncoding | undefined): Span | undefined {
  const parentless = spans.find((span) => span.parentSpanId === undefined);
  if (parentless !== undefined) return parentless;
  let marked: Span | undefined;
  for (const span of spans) {
    if (attribute(span, ASSAY_ATTRIBUTES.traceRoot, encodingOf?.(span)) !== true) continue;
    if (marked === undefined || BigInt(span.startTimeUnixNano) < BigInt(marked.startTimeUnixNano)) marked = span;
  }
  return marked;
}

/**
 * Derives a trace's summary from all of its spans stored so far. Until the
 * root span (see findRoot) arrives, the trace is IN_PROGRESS and starts at
 * its earliest span. `measureOf` gives each span's usage and cost (see
 * measureSpan), so that a caller that already measured them is not made to
 * parse them again; by default usage is read and nothing is priced.
 */
export function summarizeTrace(
  spans: readonly Span[],
  encodingOf?: (span: Span) => SpanEncoding | undefined,
  measureOf: (span: Span) => SpanMeasure = (span) => measureSpan(span, encodingOf?.(span), undefined),
): TraceSummary {
  const root = findRoot(spans, encodingOf);
  const measures = new Map(spans.map((span) => [span, measureOf(span)]));
  const tokenUsage = sumFields(outermostValues(spans, (span) => measures.get(span)?.usage), USAGE_FIELDS);
  const cost = tokenUsage === undefined ? undefined : sumFields(outermostValues(spans, (span) => measures.get(span)?.cost), COST_FIELDS);
  if (root === undefined) {
    const earliest = spans.reduce<bigint | undefined>((minimum, span) => {
      const start = BigInt(span.startTimeUnixNano);
      return minimum === undefined || start < minimum ? start : minimum;
    }, undefined);
    return {
      state: 'IN_PROGRESS',
      requestTime: earliest === undefined ? 0 : Number(earliest / NANOSECONDS_PER_MILLISECOND),
      ...(tokenUsage !== undefined ? { tokenUsage } : {}),
      ...(cost !== undefined ? { cost } : {}),
      tags: {},
      metadata: {},
    };
  }
  const requestTime = toMilliseconds(root.startTimeUnixNano);
  const rootEncoding = encodingOf?.(root);
  const summary: TraceSummary = {
    rootSpanId: root.spanId,
    name: root.name,
    state: root.endTimeUnixNano === undefined ? 'IN_PROGRESS' : root.status.code === 'ERROR' ? 'ERROR' : 'OK',
    requestTime,
    tags: stringRecord(attribute(root, ASSAY_ATTRIBUTES.traceTags, rootEncoding)),
    metadata: stringRecord(attribute(root, ASSAY_ATTRIBUTES.traceMetadata, rootEncoding)),
  };
  if (root.endTimeUnixNano !== undefined) {
    const endTimeNs = BigInt(root.endTimeUnixNano);
    summary.endTimeMs = Number(endTimeNs / NANOSECONDS_PER_MILLISECOND);
    summary.executionDurationMs = Number((endTimeNs - BigInt(root.startTimeUnixNano)) / NANOSECONDS_PER_MILLISECOND);
  }
  const requestPreview = cutPreview(spanPayloadText(root, 'inputs', rootEncoding));
  const responsePreview = cutPreview(spanPayloadText(root, 'outputs', rootEncoding));
  if (requestPreview !== undefined) summary.requestPreview = requestPreview;
  if (responsePreview !== undefined) summary.responsePreview = responsePreview;
  if (tokenUsage !== undefined) summary.tokenUsage = tokenUsage;
  if (cost !== undefined) summary.cost = cost;
  const sessionId = stringAttribute(root, ASSAY_ATTRIBUTES.sessionId, rootEncoding);
  const userId = stringAttribute(root, ASSAY_ATTRIBUTES.userId, rootEncoding);
  const runId = stringAttribute(root, ASSAY_ATTRIBUTES.sourceRun, rootEncoding);
  if (sessionId !== undefined) summary.sessionId = sessionId;
  if (userId !== undefined) summary.userId = userId;
  if (runId !== undefined) summary.runId = runId;
  return summary;
}
