import type { z } from '@hono/zod-openapi';
import { TRACE_METADATA_KEYS, TRACE_TAG_KEYS, type TraceInfo } from '@assay/core';
import type { traceInfoV2Json, traceInfoV3Json } from '../schemas/mlflow-traces.js';
import { recordToKeyValues } from '../schemas/mlflow-fields.js';
import { traceArtifactLocation } from '../traces/trace-ids.js';
import { toMlflowAssessment } from './to-mlflow-assessment.js';

/** The trace's metadata as MLflow's clients read it: what was stored, plus what MLflow keeps under its own keys. */
function mlflowMetadata(info: TraceInfo): Record<string, string> {
  const { [TRACE_METADATA_KEYS.clientRequestId]: _clientRequestId, ...metadata } = info.metadata;
  metadata[TRACE_METADATA_KEYS.schemaVersion] = '3';
  if (info.tokenUsage !== undefined) {
    const { inputTokens, outputTokens, totalTokens } = info.tokenUsage;
    metadata[TRACE_METADATA_KEYS.tokenUsage] = JSON.stringify({ input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: totalTokens });
  }
  if (info.runId !== undefined) metadata[TRACE_METADATA_KEYS.sourceRun] = info.runId;
  if (info.sessionId !== undefined) metadata[TRACE_METADATA_KEYS.sessionId] = info.sessionId;
  if (info.userId !== undefined) metadata[TRACE_METADATA_KEYS.userId] = info.userId;
  if (info.requestPreview !== undefined) metadata[TRACE_METADATA_KEYS.traceInputs] = info.requestPreview;
  if (info.responsePreview !== undefined) metadata[TRACE_METADATA_KEYS.traceOutputs] = info.responsePreview;
  return metadata;
}

/** The trace's tags as MLflow's clients read them: the stored tags, its name, and where its spans are fetched. */
function mlflowTags(info: TraceInfo): Record<string, string> {
  const tags: Record<string, string> = { ...info.tags };
  if (info.name !== undefined) tags[TRACE_TAG_KEYS.traceName] = info.name;
  tags[TRACE_TAG_KEYS.artifactLocation] = traceArtifactLocation(info.experimentId, info.traceId);
  return tags;
}

/** A trace's summary as MLflow 3's TraceInfoV3 JSON (with `mlflow.artifactLocation`, which MLflow's clients need). */
export function toMlflowTraceInfoV3(info: TraceInfo): z.infer<typeof traceInfoV3Json> {
  const clientRequestId = info.metadata[TRACE_METADATA_KEYS.clientRequestId];
  return {
    trace_id: info.traceId,
    ...(clientRequestId !== undefined ? { client_request_id: clientRequestId } : {}),
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: info.experimentId } },
    ...(info.requestPreview !== undefined ? { request_preview: info.requestPreview } : {}),
    ...(info.responsePreview !== undefined ? { response_preview: info.responsePreview } : {}),
    request_time: new Date(info.requestTime).toISOString(),
    ...(info.executionDurationMs !== undefined ? { execution_duration: `${info.executionDurationMs / 1000}s` } : {}),
    state: info.state,
    trace_metadata: mlflowMetadata(info),
    tags: mlflowTags(info),
    ...(info.assessments.length > 0 ? { assessments: info.assessments.map(toMlflowAssessment) } : {}),
  };
}

/** A trace's summary as MLflow 2's TraceInfo JSON (the legacy traces API). */
export function toMlflowTraceInfoV2(info: TraceInfo): z.infer<typeof traceInfoV2Json> {
  return {
    request_id: info.traceId,
    experiment_id: info.experimentId,
    timestamp_ms: info.requestTime,
    ...(info.executionDurationMs !== undefined ? { execution_time_ms: info.executionDurationMs } : {}),
    status: info.state,
    request_metadata: recordToKeyValues(mlflowMetadata(info)),
    tags: recordToKeyValues(mlflowTags(info)),
  };
}
