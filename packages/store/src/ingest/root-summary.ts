import { PACKED_SPAN_FIELD as F, TRACE_PREVIEW_LENGTH, type PackedSpanRowsReader, type TraceState } from '@assay/core';

const NANOSECONDS_PER_MILLISECOND = 1_000_000n;

/** The columns of a `traces` row its root span decides. */
export interface RootSummary {
  rootSpanId: string;
  name: string;
  state: TraceState;
  /** Milliseconds since the epoch when the root started. */
  requestTime: number;
  executionDurationMs?: number;
  endTimeMs?: number;
  requestPreview?: string;
  responsePreview?: string;
  sessionId?: string;
  userId?: string;
  runId?: string;
  /** JSON object of the trace metadata (`{}` when none). */
  metadata: string;
  /** JSON object of the tags set while tracing; undefined when none. */
  tags?: string;
}

/** Cuts a preview to TRACE_PREVIEW_LENGTH characters, marking a cut with `...` (as MLflow's TS SDK does). */
export function cutPreview(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= TRACE_PREVIEW_LENGTH) return text;
  return `${text.slice(0, TRACE_PREVIEW_LENGTH - 3)}...`;
}

/** Milliseconds of a nanosecond digit string. */
export function nanosecondsToMilliseconds(nanoseconds: string): number {
  return Number(BigInt(nanoseconds) / NANOSECONDS_PER_MILLISECOND);
}

/**
 * What a trace's root span decides of its summary: name, state (IN_PROGRESS
 * while open, ERROR on an error status, else OK), times, previews of its
 * inputs and outputs, and the session, user, run, tags and metadata it carries.
 */
export function rootSummary(reader: PackedSpanRowsReader, row: number): RootSummary {
  const start = reader.raw(row, F.startTimeUnixNano);
  const end = reader.textOf(row, F.endTimeUnixNano);
  const summary: RootSummary = {
    rootSpanId: reader.raw(row, F.spanId),
    name: reader.textOf(row, F.name) ?? '',
    state: end === undefined ? 'IN_PROGRESS' : reader.raw(row, F.statusCode) === 'ERROR' ? 'ERROR' : 'OK',
    requestTime: nanosecondsToMilliseconds(start),
    metadata: reader.jsonOf(row, F.traceMetadata) ?? '{}',
  };
  if (end !== undefined) {
    const endNs = BigInt(end);
    summary.endTimeMs = Number(endNs / NANOSECONDS_PER_MILLISECOND);
    summary.executionDurationMs = Number((endNs - BigInt(start)) / NANOSECONDS_PER_MILLISECOND);
  }
  const requestPreview = cutPreview(reader.textOf(row, F.inputs));
  const responsePreview = cutPreview(reader.textOf(row, F.outputs));
  if (requestPreview !== undefined) summary.requestPreview = requestPreview;
  if (responsePreview !== undefined) summary.responsePreview = responsePreview;
  const sessionId = reader.textOf(row, F.sessionId);
  const userId = reader.textOf(row, F.userId);
  const runId = reader.textOf(row, F.runId);
  const tags = reader.jsonOf(row, F.traceTags);
  if (sessionId !== undefined) summary.sessionId = sessionId;
  if (userId !== undefined) summary.userId = userId;
  if (runId !== undefined) summary.runId = runId;
  if (tags !== undefined) summary.tags = tags;
  return summary;
}
