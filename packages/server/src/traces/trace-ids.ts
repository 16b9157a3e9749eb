import { InvalidParameterError } from '@assay/core';

const TRACE_ID = /^tr-[0-9a-f]{32}$/u;

/**
 * A trace id as the Store keeps it: `tr-` and 32 lowercase hex characters
 * (MLflow's form of an OpenTelemetry trace id).
 * @throws InvalidParameterError naming `field` for any other id.
 */
export function normalizeTraceId(traceId: string, field = 'trace_id'): string {
  const normalized = traceId.trim().toLowerCase();
  if (!TRACE_ID.test(normalized)) {
    throw new InvalidParameterError(`Invalid value '${traceId.slice(0, 80)}' for parameter '${field}': expected 'tr-' followed by 32 hex characters.`);
  }
  return normalized;
}

/** A new trace id, for MLflow 2's start-trace call (where the server names the trace). */
export function generateTraceId(): string {
  return `tr-${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
}

/** The trace-data artifact's file name. */
export const TRACE_DATA_FILE = 'traces.json';

/**
 * The `mlflow.artifactLocation` tag of a trace: the folder MLflow's clients
 * upload `traces.json` to through the artifact proxy. The server serves that
 * file from the Store (see the trace-data routes), not from disk.
 */
export function traceArtifactLocation(experimentId: string, traceId: string): string {
  return `mlflow-artifacts:/${experimentId}/traces/${traceId}/artifacts`;
}
