import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { Span } from '@assay/core';
import { spanToRow, summarizeTrace } from '../ingest/span-to-rows.js';
import { readTraceSpans } from '../queries/read-trace-spans.js';

/** Staging tables of span writes (temporary, per connection). */
export const SPAN_STAGING_TABLES: readonly string[] = [
  'CREATE TEMP TABLE IF NOT EXISTS stage_span_keys (trace_id VARCHAR, span_id VARCHAR)',
  `CREATE TEMP TABLE IF NOT EXISTS stage_traces (
    trace_id VARCHAR, experiment_id VARCHAR, run_id VARCHAR, name VARCHAR, request_time BIGINT,
    execution_duration_ms BIGINT, end_time_ms BIGINT, state VARCHAR, request_preview VARCHAR,
    response_preview VARCHAR, input_tokens BIGINT, output_tokens BIGINT, total_tokens BIGINT,
    session_id VARCHAR, user_id VARCHAR, metadata VARCHAR, root_span_id VARCHAR)`,
  'CREATE TEMP TABLE IF NOT EXISTS stage_trace_tags (trace_id VARCHAR, key VARCHAR, value VARCHAR)',
];

function appendText(appender: DuckDBAppender, value: string | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendInteger(appender: DuckDBAppender, value: number | bigint | undefined): void {
  if (value === undefined) appender.appendNull();
  else appender.appendBigInt(BigInt(value));
}

/**
 * Stores accepted span batches inside the caller's transaction: re-sent spans
 * replace their stored rows, new rows go through one Appender, and each
 * touched trace's summary is recomputed from all of its spans (stored and
 * new) and upserted once. A trace keeps the experiment it was first logged to.
 */
export async function writeSpans(connection: DuckDBConnection, batches: readonly { experimentId: string; spans: Span[] }[]): Promise<void> {
  const incoming = new Map<string, Span>();
  const experimentOf = new Map<string, string>();
  for (const batch of batches) {
    for (const span of batch.spans) {
      incoming.set(`${span.traceId}/${span.spanId}`, span);
      if (!experimentOf.has(span.traceId)) experimentOf.set(span.traceId, batch.experimentId);
    }
  }
  const traceIds = [...experimentOf.keys()];
  const stored = await readTraceSpans(connection, traceIds);

  const spansByTrace = new Map<string, Map<string, Span>>(traceIds.map((traceId) => [traceId, new Map()]));
  for (const span of stored) spansByTrace.get(span.traceId)?.set(span.spanId, span);
  const replaced = [...incoming.values()].filter((span) => spansByTrace.get(span.traceId)?.has(span.spanId) === true);
  for (const span of incoming.values()) spansByTrace.get(span.traceId)?.set(span.spanId, span);

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

  const spanAppender = await connection.createAppender('spans');
  for (const span of incoming.values()) {
    const row = spanToRow(span);
    spanAppender.appendVarchar(row.traceId);
    spanAppender.appendVarchar(row.spanId);
    appendText(spanAppender, row.parentSpanId);
    spanAppender.appendVarchar(row.name);
    spanAppender.appendVarchar(row.spanType);
    spanAppender.appendBigInt(row.startTimeNs);
    appendInteger(spanAppender, row.endTimeNs);
    spanAppender.appendVarchar(row.statusCode);
    appendText(spanAppender, row.statusMessage);
    spanAppender.appendVarchar(row.attributes);
    spanAppender.appendVarchar(row.events);
    appendText(spanAppender, row.inputs);
    appendText(spanAppender, row.outputs);
    spanAppender.endRow();
  }
  spanAppender.closeSync();

  const traceAppender = await connection.createAppender('stage_traces', 'main', 'temp');
  const tagAppender = await connection.createAppender('stage_trace_tags', 'main', 'temp');
  let tagCount = 0;
  for (const [traceId, spans] of spansByTrace) {
    const summary = summarizeTrace([...spans.values()]);
    traceAppender.appendVarchar(traceId);
    traceAppender.appendVarchar(experimentOf.get(traceId)!);
    appendText(traceAppender, summary.runId);
    appendText(traceAppender, summary.name);
    traceAppender.appendBigInt(BigInt(summary.requestTime));
    appendInteger(traceAppender, summary.executionDurationMs);
    appendInteger(traceAppender, summary.endTimeMs);
    traceAppender.appendVarchar(summary.state);
    appendText(traceAppender, summary.requestPreview);
    appendText(traceAppender, summary.responsePreview);
    appendInteger(traceAppender, summary.tokenUsage?.inputTokens);
    appendInteger(traceAppender, summary.tokenUsage?.outputTokens);
    appendInteger(traceAppender, summary.tokenUsage?.totalTokens);
    appendText(traceAppender, summary.sessionId);
    appendText(traceAppender, summary.userId);
    traceAppender.appendVarchar(JSON.stringify(summary.metadata));
    appendText(traceAppender, summary.rootSpanId);
    traceAppender.endRow();
    for (const [key, value] of Object.entries(summary.tags)) {
      tagAppender.appendVarchar(traceId);
      tagAppender.appendVarchar(key);
      tagAppender.appendVarchar(value);
      tagAppender.endRow();
      tagCount += 1;
    }
  }
  traceAppender.closeSync();
  tagAppender.closeSync();

  await connection.run(`INSERT INTO traces SELECT * FROM stage_traces ON CONFLICT (trace_id) DO UPDATE SET
      run_id = excluded.run_id, name = excluded.name, request_time = excluded.request_time,
      execution_duration_ms = excluded.execution_duration_ms, end_time_ms = excluded.end_time_ms, state = excluded.state,
      request_preview = excluded.request_preview, response_preview = excluded.response_preview,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, total_tokens = excluded.total_tokens,
      session_id = excluded.session_id, user_id = excluded.user_id, metadata = excluded.metadata,
      root_span_id = excluded.root_span_id`);
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
