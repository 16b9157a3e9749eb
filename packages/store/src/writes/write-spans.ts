import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { Cost, ModelPriceTable, Span, SpanEncoding } from '@assay/core';
import { measureSpan, spanToRow, summarizeTrace, type SpanMeasure, type SpanRow, type TraceSummary } from '../ingest/span-to-rows.js';
import { readTraceSpans } from '../queries/read-trace-spans.js';

/** Staging tables of span writes (temporary, per connection). */
export const SPAN_STAGING_TABLES: readonly string[] = [
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_keys (trace_id VARCHAR, span_id VARCHAR)',
  `CREATE TEMP TABLE IF NOT EXISTS stage_traces (
    trace_id VARCHAR, experiment_id VARCHAR, run_id VARCHAR, name VARCHAR, request_time BIGINT,
    execution_duration_ms BIGINT, end_time_ms BIGINT, state VARCHAR, request_preview VARCHAR,
    response_preview VARCHAR, input_tokens BIGINT, output_tokens BIGINT, total_tokens BIGINT,
    session_id VARCHAR, user_id VARCHAR, metadata VARCHAR, root_span_id VARCHAR,
    input_cost DOUBLE, output_cost DOUBLE, total_cost DOUBLE)`,
  'CREATE TEMP TABLE IF NOT EXISTS stage_trace_tags (trace_id VARCHAR, key VARCHAR, value VARCHAR)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_rows (packed VARCHAR)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_trace_rows (packed VARCHAR)',
];

// Span rows staged as one text per row: the fields joined by FIELD_SEPARATOR,
// NULL written as NULL_FIELD. One appender call per row instead of thirteen
// keeps the event loop free; DuckDB splits the rows on its own thread.
const FIELD_SEPARATOR = '\u0001';
const NULL_FIELD = '\u0002';
// Ids, types, times and JSON.stringify output (which escapes control
// characters) never hold the markers; free text is checked.
function holdsMarker(text: string | undefined): boolean {
  return text !== undefined && (text.includes(FIELD_SEPARATOR) || text.includes(NULL_FIELD));
}
const INSERT_STAGED_SPANS = `INSERT INTO spans SELECT
    f[1], f[2], nullif(f[3], chr(2)), f[4], f[5], CAST(f[6] AS BIGINT), CAST(nullif(f[7], chr(2)) AS BIGINT),
    f[8], nullif(f[9], chr(2)), f[10], f[11], nullif(f[12], chr(2)), nullif(f[13], chr(2)),
    CAST(nullif(f[14], chr(2)) AS DOUBLE), CAST(nullif(f[15], chr(2)) AS DOUBLE), CAST(nullif(f[16], chr(2)) AS DOUBLE)
  FROM (SELECT string_split(packed, chr(1)) AS f FROM stage_span_rows)`;

function packedField(value: string | undefined): string {
  return value === undefined ? NULL_FIELD : value;
}

function packedNumber(value: number | undefined): string {
  return value === undefined ? NULL_FIELD : String(value);
}

// Trace rows are staged packed too, as stage_traces rows.
const INSERT_STAGED_TRACES = `INSERT INTO stage_traces SELECT
    f[1], f[2], nullif(f[3], chr(2)), nullif(f[4], chr(2)), CAST(f[5] AS BIGINT), CAST(nullif(f[6], chr(2)) AS BIGINT),
    CAST(nullif(f[7], chr(2)) AS BIGINT), f[8], nullif(f[9], chr(2)), nullif(f[10], chr(2)), CAST(nullif(f[11], chr(2)) AS BIGINT),
    CAST(nullif(f[12], chr(2)) AS BIGINT), CAST(nullif(f[13], chr(2)) AS BIGINT), nullif(f[14], chr(2)), nullif(f[15], chr(2)),
    f[16], nullif(f[17], chr(2)),
    CAST(nullif(f[18], chr(2)) AS DOUBLE), CAST(nullif(f[19], chr(2)) AS DOUBLE), CAST(nullif(f[20], chr(2)) AS DOUBLE)
  FROM (SELECT string_split(packed, chr(1)) AS f FROM stage_trace_rows)`;

/** A trace row as one staged text, or undefined when its free text holds a marker character. */
function packTraceRow(traceId: string, experimentId: string, summary: TraceSummary, metadata: string): string | undefined {
  if (holdsMarker(summary.name) || holdsMarker(summary.sessionId) || holdsMarker(summary.userId) || holdsMarker(summary.runId)) return undefined;
  if (holdsMarker(summary.requestPreview) || holdsMarker(summary.responsePreview) || holdsMarker(experimentId)) return undefined;
  return [
    traceId,
    experimentId,
    packedField(summary.runId),
    packedField(summary.name),
    String(summary.requestTime),
    packedNumber(summary.executionDurationMs),
    packedNumber(summary.endTimeMs),
    summary.state,
    packedField(summary.requestPreview),
    packedField(summary.responsePreview),
    packedNumber(summary.tokenUsage?.inputTokens),
    packedNumber(summary.tokenUsage?.outputTokens),
    packedNumber(summary.tokenUsage?.totalTokens),
    packedField(summary.sessionId),
    packedField(summary.userId),
    metadata,
    packedField(summary.rootSpanId),
    packedNumber(summary.cost?.inputCost),
    packedNumber(summary.cost?.outputCost),
    packedNumber(summary.cost?.totalCost),
  ].join(FIELD_SEPARATOR);
}

/** A span row as one staged text, or undefined when its free text holds a marker character. */
function packSpanRow(row: SpanRow): string | undefined {
  if (holdsMarker(row.name) || holdsMarker(row.statusMessage) || holdsMarker(row.inputs) || holdsMarker(row.outputs)) return undefined;
  // The times are the span's validated digit strings; DuckDB casts them.
  return [
    row.traceId,
    row.spanId,
    packedField(row.parentSpanId),
    row.name,
    row.spanType,
    row.startTimeNs,
    packedField(row.endTimeNs),
    row.statusCode,
    packedField(row.statusMessage),
    row.attributes,
    row.events,
    packedField(row.inputs),
    packedField(row.outputs),
    packedNumber(row.cost?.inputCost),
    packedNumber(row.cost?.outputCost),
    packedNumber(row.cost?.totalCost),
  ].join(FIELD_SEPARATOR);
}

/** Appends a span row column by column (rows whose text cannot be staged packed). */
function appendSpanRow(appender: DuckDBAppender, row: SpanRow): void {
  appender.appendVarchar(row.traceId);
  appender.appendVarchar(row.spanId);
  appendText(appender, row.parentSpanId);
  appender.appendVarchar(row.name);
  appender.appendVarchar(row.spanType);
  appender.appendBigInt(BigInt(row.startTimeNs));
  appendInteger(appender, row.endTimeNs === undefined ? undefined : BigInt(row.endTimeNs));
  appender.appendVarchar(row.statusCode);
  appendText(appender, row.statusMessage);
  appender.appendVarchar(row.attributes);
  appender.appendVarchar(row.events);
  appendText(appender, row.inputs);
  appendText(appender, row.outputs);
  appendCost(appender, row.cost);
  appender.endRow();
}

function appendCost(appender: DuckDBAppender, cost: Cost | undefined): void {
  for (const value of [cost?.inputCost, cost?.outputCost, cost?.totalCost]) {
    if (value === undefined) appender.appendNull();
    else appender.appendDouble(value);
  }
}

function appendText(appender: DuckDBAppender, value: string | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendInteger(appender: DuckDBAppender, value: number | bigint | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendBigInt(BigInt(value));
}

/** Appends a trace row column by column (rows whose text cannot be staged packed). */
function appendTraceRow(appender: DuckDBAppender, traceId: string, experimentId: string, summary: TraceSummary, metadata: string): void {
  appender.appendVarchar(traceId);
  appender.appendVarchar(experimentId);
  appendText(appender, summary.runId);
  appendText(appender, summary.name);
  appender.appendBigInt(BigInt(summary.requestTime));
  appendInteger(appender, summary.executionDurationMs);
  appendInteger(appender, summary.endTimeMs);
  appender.appendVarchar(summary.state);
  appendText(appender, summary.requestPreview);
  appendText(appender, summary.responsePreview);
  appendInteger(appender, summary.tokenUsage?.inputTokens);
  appendInteger(appender, summary.tokenUsage?.outputTokens);
  appendInteger(appender, summary.tokenUsage?.totalTokens);
  appendText(appender, summary.sessionId);
  appendText(appender, summary.userId);
  appender.appendVarchar(metadata);
  appendText(appender, summary.rootSpanId);
  appendCost(appender, summary.cost);
  appender.endRow();
}

/** The subset of `traceIds` that already has a `traces` row (every stored span's trace has one). */
async function storedTraceIds(connection: DuckDBConnection, traceIds: readonly string[]): Promise<string[]> {
  if (traceIds.length === 0) return [];
  if (traceIds.length === 1) {
    return (await connection.runAndReadAll('SELECT trace_id FROM traces WHERE trace_id = $1', [traceIds[0]!])).getRows().map(([traceId]) => String(traceId));
  }
  // One joined text binds faster than a list value; ids normally never hold the separator (they are hex).
  const result = traceIds.some((traceId) => traceId.includes(','))
    ? await connection.runAndReadAll('SELECT trace_id FROM traces WHERE trace_id IN (SELECT unnest($1))', [listValue([...traceIds])])
    : await connection.runAndReadAll(`SELECT trace_id FROM traces WHERE trace_id IN (SELECT unnest(string_split($1, ',')))`, [traceIds.join(',')]);
  return result.getRows().map(([traceId]) => String(traceId));
}

/**
 * Stores accepted span batches inside the caller's transaction: re-sent spans
 * replace their stored rows, new rows are staged through one Appender and
 * inserted in one statement, and each touched trace's summary is recomputed
 * from all of its spans and upserted once. Only traces already stored are
 * read back (spans of a trace may arrive over several calls); a new trace's
 * summary needs just its incoming spans. A trace keeps the experiment it was
 * first logged to. Each incoming span's usage is read once, and priced with
 * `prices`, for both its row and its trace's summary.
 */
export async function writeSpans(
  connection: DuckDBConnection,
  batches: readonly { experimentId: string; spans: Span[]; encodings?: readonly (SpanEncoding | undefined | null)[] }[],
  prices: ModelPriceTable,
): Promise<void> {
  // Incoming spans by trace and span id (a span sent twice counts once, the last copy).
  const incoming = new Map<string, Map<string, Span>>();
  // The producer's encoding of a span, by span object (for this write only).
  const encodings = new Map<Span, SpanEncoding>();
  const experimentOf = new Map<string, string>();
  for (const batch of batches) {
    for (let index = 0; index < batch.spans.length; index += 1) {
      const span = batch.spans[index]!;
      let spans = incoming.get(span.traceId);
      if (spans === undefined) {
        incoming.set(span.traceId, (spans = new Map()));
        experimentOf.set(span.traceId, batch.experimentId);
      }
      spans.set(span.spanId, span);
      const encoding = batch.encodings?.[index];
      if (encoding !== undefined && encoding !== null) encodings.set(span, encoding);
    }
  }
  const traceIds = [...incoming.keys()];
  // Only traces already in the store have spans to read back; a new trace's summary comes from its incoming spans.
  const storedIds = await storedTraceIds(connection, traceIds);
  const spansByTrace = new Map(incoming);
  const replaced: Span[] = [];
  if (storedIds.length > 0) {
    const stored = new Map<string, Map<string, Span>>(storedIds.map((traceId) => [traceId, new Map()]));
    for (const span of await readTraceSpans(connection, storedIds)) stored.get(span.traceId)?.set(span.spanId, span);
    for (const [traceId, storedSpans] of stored) {
      const merged = new Map(storedSpans);
      for (const [spanId, span] of incoming.get(traceId)!) {
        if (storedSpans.has(spanId)) replaced.push(span);
        merged.set(spanId, span);
      }
      spansByTrace.set(traceId, merged);
    }
  }

  if (replaced.length > 0) {
    const stage = await connection.createAppender('stage_span_keys', 'main', 'temp');
    for (const span of replaced) {
      stage.appendVarchar(span.traceId);
      stage.appendVarchar(span.spanId);
      stage.endRow();
    }
    stage.closeSync();
    await connection.run('DELETE FROM spans USING stage_span_keys s WHERE spans.trace_id = s.trace_id AND spans.span_id = s.span_id');
    await connection.run('DELETE FROM stage_span_keys');
  }

  const measures = new Map<Span, SpanMeasure>();
  const measureOf = (span: Span): SpanMeasure => {
    let measure = measures.get(span);
    if (measure === undefined) measures.set(span, (measure = measureSpan(span, encodings.get(span), prices)));
    return measure;
  };
  const stagedAppender = await connection.createAppender('stage_span_rows', 'main', 'temp');
  let spanAppender: DuckDBAppender | undefined;
  let staged = 0;
  for (const spans of incoming.values()) {
    for (const span of spans.values()) {
      const row = spanToRow(span, encodings.get(span), measureOf(span));
      const packed = packSpanRow(row);
      if (packed === undefined) {
        spanAppender ??= await connection.createAppender('spans');
        appendSpanRow(spanAppender, row);
      } else {
        stagedAppender.appendVarchar(packed);
        stagedAppender.endRow();
        staged += 1;
      }
    }
  }
  stagedAppender.closeSync();
  spanAppender?.closeSync();
  if (staged > 0) {
    await connection.run(INSERT_STAGED_SPANS);
    await connection.run('DELETE FROM stage_span_rows');
  }

  const packedTraceAppender = await connection.createAppender('stage_trace_rows', 'main', 'temp');
  let traceAppender: DuckDBAppender | undefined;
  let packedTraces = 0;
  const tagAppender = await connection.createAppender('stage_trace_tags', 'main', 'temp');
  let tagCount = 0;
  for (const [traceId, spans] of spansByTrace) {
    const summary = summarizeTrace([...spans.values()], (span) => encodings.get(span), measureOf);
    const metadata = JSON.stringify(summary.metadata);
    const packed = packTraceRow(traceId, experimentOf.get(traceId)!, summary, metadata);
    if (packed !== undefined) {
      packedTraceAppender.appendVarchar(packed);
      packedTraceAppender.endRow();
      packedTraces += 1;
    } else {
      traceAppender ??= await connection.createAppender('stage_traces', 'main', 'temp');
      appendTraceRow(traceAppender, traceId, experimentOf.get(traceId)!, summary, metadata);
    }
    for (const [key, value] of Object.entries(summary.tags)) {
      tagAppender.appendVarchar(traceId);
      tagAppender.appendVarchar(key);
      tagAppender.appendVarchar(value);
      tagAppender.endRow();
      tagCount += 1;
    }
  }
  packedTraceAppender.closeSync();
  traceAppender?.closeSync();
  tagAppender.closeSync();
  if (packedTraces > 0) {
    await connection.run(INSERT_STAGED_TRACES);
    await connection.run('DELETE FROM stage_trace_rows');
  }


  // New traces only (the usual batch) need no conflict handling, which costs.
  if (storedIds.length === 0) await connection.run('INSERT INTO traces SELECT * FROM stage_traces');
  else await connection.run(`INSERT INTO traces SELECT * FROM stage_traces ON CONFLICT (trace_id) DO UPDATE SET
      run_id = excluded.run_id, name = excluded.name, request_time = excluded.request_time,
      execution_duration_ms = excluded.execution_duration_ms, end_time_ms = excluded.end_time_ms, state = excluded.state,
      request_preview = excluded.request_preview, response_preview = excluded.response_preview,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, total_tokens = excluded.total_tokens,
      session_id = excluded.session_id, user_id = excluded.user_id, metadata = excluded.metadata,
      root_span_id = excluded.root_span_id, input_cost = excluded.input_cost, output_cost = excluded.output_cost,
      total_cost = excluded.total_cost`);
  await connection.run('DELETE FROM stage_traces');
  if (tagCount > 0) {
    // Tags set while tracing overwrite the same keys; tags set later through setTraceTag on other keys stay.
    await connection.run(
      'DELETE FROM trace_tags USING stage_trace_tags s WHERE trace_tags.trace_id = s.trace_id AND trace_tags.key = s.key',
    );
    await connection.run('INSERT INTO trace_tags SELECT trace_id, key, value FROM stage_trace_tags');
    await connection.run('DELETE FROM stage_trace_tags');
  }
}
