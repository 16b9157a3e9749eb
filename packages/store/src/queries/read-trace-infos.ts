import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { TraceInfo, TraceState } from '@assay/core';
import { readAssessments } from './read-assessments.js';
import { readCost } from './read-cost.js';
import { toNumber, toOptionalNumber } from './to-number.js';

const TRACE_COLUMNS =
  't.trace_id, t.experiment_id, t.run_id, t.name, t.request_time, t.execution_duration_ms, t.state, t.request_preview, t.response_preview, t.input_tokens, t.output_tokens, t.total_tokens, t.session_id, t.user_id, t.metadata, t.input_cost, t.output_cost, t.total_cost';

/** Which traces readTraceInfos reads: SQL over the `traces` table, aliased `t`. */
export interface TraceSelection {
  /** The WHERE condition, with `$n` placeholders only. */
  where: string;
  /** The placeholders' values. */
  values: DuckDBValue[];
  /** ORDER BY, LIMIT and OFFSET, if any. */
  suffix?: string;
}

/** Reads trace summaries with their tags and assessments. */
export async function readTraceInfos(connection: DuckDBConnection, { where, values, suffix = '' }: TraceSelection): Promise<TraceInfo[]> {
  const result = await connection.runAndReadAll(`SELECT ${TRACE_COLUMNS} FROM traces t WHERE ${where} ${suffix}`, values);
  const traces = result.getRows().map((row): TraceInfo => {
    const [
      traceId,
      experimentId,
      runId,
      name,
      requestTime,
      duration,
      state,
      requestPreview,
      responsePreview,
      inputTokens,
      outputTokens,
      totalTokens,
      sessionId,
      userId,
      metadata,
      inputCost,
      outputCost,
      totalCost,
    ] = row;
    const info: TraceInfo = {
      traceId: String(traceId),
      experimentId: String(experimentId),
      requestTime: toNumber(requestTime),
      state: String(state) as TraceState,
      tags: {},
      metadata: JSON.parse(String(metadata)) as Record<string, string>,
      assessments: [],
    };
    if (runId !== null && runId !== undefined) info.runId = String(runId);
    if (name !== null && name !== undefined) info.name = String(name);
    const executionDurationMs = toOptionalNumber(duration);
    if (executionDurationMs !== undefined) info.executionDurationMs = executionDurationMs;
    if (requestPreview !== null && requestPreview !== undefined) info.requestPreview = String(requestPreview);
    if (responsePreview !== null && responsePreview !== undefined) info.responsePreview = String(responsePreview);
    const total = toOptionalNumber(totalTokens);
    if (total !== undefined) {
      info.tokenUsage = { inputTokens: toOptionalNumber(inputTokens) ?? 0, outputTokens: toOptionalNumber(outputTokens) ?? 0, totalTokens: total };
    }
    const cost = readCost(inputCost, outputCost, totalCost);
    if (cost !== undefined) info.cost = cost;
    if (sessionId !== null && sessionId !== undefined) info.sessionId = String(sessionId);
    if (userId !== null && userId !== undefined) info.userId = String(userId);
    return info;
  });
  if (traces.length === 0) return traces;
  const byId = new Map(traces.map((trace) => [trace.traceId, trace]));
  const tags = await connection.runAndReadAll('SELECT trace_id, key, value FROM trace_tags WHERE trace_id IN (SELECT unnest($1))', [
    listValue([...byId.keys()]),
  ]);
  for (const [traceId, key, value] of tags.getRows()) {
    const trace = byId.get(String(traceId));
    if (trace) trace.tags[String(key)] = String(value);
  }
  for (const [traceId, assessments] of await readAssessments(connection, [...byId.keys()])) {
    const trace = byId.get(traceId);
    if (trace) trace.assessments = assessments;
  }
  return traces;
}
