import type { z } from '@hono/zod-openapi';
import { InvalidParameterError, TRACE_METADATA_KEYS, TRACE_TAG_KEYS, type TokenUsage, type TraceInfo, type TraceState } from '@assay/core';
import type { traceInfoV3In } from '../schemas/mlflow-traces.js';
import { normalizeTraceId } from '../traces/trace-ids.js';

// Keys the server derives when it answers (from the spans, the trace's run and
// its location), so they are not stored as given.
const DERIVED_METADATA: ReadonlySet<string> = new Set([
  TRACE_METADATA_KEYS.schemaVersion,
  TRACE_METADATA_KEYS.tokenUsage,
  TRACE_METADATA_KEYS.sourceRun,
  TRACE_METADATA_KEYS.sessionId,
  TRACE_METADATA_KEYS.userId,
  TRACE_METADATA_KEYS.traceInputs,
  TRACE_METADATA_KEYS.traceOutputs,
]);
const DERIVED_TAGS: ReadonlySet<string> = new Set([TRACE_TAG_KEYS.traceName, TRACE_TAG_KEYS.artifactLocation, TRACE_TAG_KEYS.spansLocation]);

function withoutKeys(record: Readonly<Record<string, string>>, keys: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.has(key)));
}

function parseTokenUsage(text: string | undefined): TokenUsage | undefined {
  if (text === undefined) return undefined;
  try {
    const usage = JSON.parse(text) as Record<string, unknown>;
    const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
    const inputTokens = count(usage['input_tokens']);
    const outputTokens = count(usage['output_tokens']);
    return { inputTokens, outputTokens, totalTokens: typeof usage['total_tokens'] === 'number' ? usage['total_tokens'] : inputTokens + outputTokens };
  } catch {
    return undefined;
  }
}

/** What a trace's metadata and tags, as MLflow's clients send them, say of the trace. */
export interface MlflowTraceMaps {
  /** `trace_metadata` (MLflow 3) or `request_metadata` (MLflow 2). */
  metadata: Readonly<Record<string, string>>;
  tags: Readonly<Record<string, string>>;
  clientRequestId?: string | undefined;
}

/**
 * The TraceInfo fields a client's metadata and tags carry: the run, session,
 * user, name and token usage MLflow keeps under its own keys, and the rest of
 * the metadata and tags without the keys the server derives itself.
 */
export function fromMlflowTraceMaps({ metadata, tags, clientRequestId }: MlflowTraceMaps): Pick<TraceInfo, 'runId' | 'name' | 'tokenUsage' | 'sessionId' | 'userId' | 'tags' | 'metadata'> {
  const kept = withoutKeys(metadata, DERIVED_METADATA);
  if (clientRequestId !== undefined && clientRequestId !== '') kept[TRACE_METADATA_KEYS.clientRequestId] = clientRequestId;
  const tokenUsage = parseTokenUsage(metadata[TRACE_METADATA_KEYS.tokenUsage]);
  const runId = metadata[TRACE_METADATA_KEYS.sourceRun];
  const sessionId = metadata[TRACE_METADATA_KEYS.sessionId];
  const userId = metadata[TRACE_METADATA_KEYS.userId];
  const name = tags[TRACE_TAG_KEYS.traceName];
  return {
    ...(runId !== undefined && runId !== '' ? { runId } : {}),
    ...(name !== undefined && name !== '' ? { name } : {}),
    ...(tokenUsage !== undefined ? { tokenUsage } : {}),
    ...(sessionId !== undefined && sessionId !== '' ? { sessionId } : {}),
    ...(userId !== undefined && userId !== '' ? { userId } : {}),
    tags: withoutKeys(tags, DERIVED_TAGS),
    metadata: kept,
  };
}

const STATES: Readonly<Record<string, TraceState>> = { OK: 'OK', ERROR: 'ERROR', IN_PROGRESS: 'IN_PROGRESS' };

/**
 * The TraceInfo of MLflow 3's StartTraceV3 request (sent when the trace ends).
 * @throws InvalidParameterError for a trace id that is not `tr-` + 32 hex characters, or no experiment.
 */
export function fromMlflowTraceInfoV3(json: z.infer<typeof traceInfoV3In>): TraceInfo {
  const experimentId = json.trace_location?.mlflow_experiment?.experiment_id;
  if (experimentId === undefined || experimentId === '') {
    throw new InvalidParameterError(
      "Missing value for required parameter 'trace.trace_info.trace_location.mlflow_experiment.experiment_id': this server keeps traces in MLflow experiments.",
    );
  }
  const durationSeconds = json.execution_duration === undefined ? undefined : Number.parseFloat(json.execution_duration);
  return {
    traceId: normalizeTraceId(json.trace_id, 'trace.trace_info.trace_id'),
    experimentId,
    requestTime: json.request_time === undefined ? Date.now() : Date.parse(json.request_time),
    ...(durationSeconds !== undefined ? { executionDurationMs: Math.round(durationSeconds * 1000) } : {}),
    state: STATES[json.state ?? ''] ?? 'IN_PROGRESS',
    ...(json.request_preview !== undefined ? { requestPreview: json.request_preview } : {}),
    ...(json.response_preview !== undefined ? { responsePreview: json.response_preview } : {}),
    ...fromMlflowTraceMaps({ metadata: json.trace_metadata ?? {}, tags: json.tags ?? {}, clientRequestId: json.client_request_id }),
    assessments: [],
  };
}
