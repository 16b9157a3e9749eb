/**
 * Keys of a trace's metadata (immutable, set while tracing) as MLflow's
 * clients and server write them in TraceInfoV3's `trace_metadata`.
 */
export const TRACE_METADATA_KEYS = {
  /** `"3"` for MLflow 3's trace schema. */
  schemaVersion: 'mlflow.trace_schema.version',
  /** JSON `{input_tokens, output_tokens, total_tokens}`: the trace's summed usage. */
  tokenUsage: 'mlflow.trace.tokenUsage',
  /** The run the trace belongs to. */
  sourceRun: 'mlflow.sourceRun',
  sessionId: 'mlflow.trace.session',
  userId: 'mlflow.trace.user',
  /** Legacy copies of the request and response previews. */
  traceInputs: 'mlflow.traceInputs',
  traceOutputs: 'mlflow.traceOutputs',
  /** Assay's: the `client_request_id` of MLflow's TraceInfoV3 (MLflow keeps it in a column of its own). */
  clientRequestId: 'assay.trace.client_request_id',
} as const;

/** Keys of a trace's tags (mutable) that MLflow's server and clients set in TraceInfoV3's `tags`. */
export const TRACE_TAG_KEYS = {
  /** The root span's name. */
  traceName: 'mlflow.traceName',
  /** An `mlflow-artifacts:/` URI of the folder holding the trace's `traces.json`; MLflow's clients upload the spans there. */
  artifactLocation: 'mlflow.artifactLocation',
  /** `TRACKING_STORE` when the server holds the spans itself (MLflow's Python client then skips the upload). */
  spansLocation: 'mlflow.trace.spansLocation',
} as const;
