export { createAssayServer, DEFAULT_MAX_ARTIFACT_BYTES, DEFAULT_MAX_JSON_BODY_BYTES } from './create-assay-server.js';
export type { AssayServerOptions } from './create-assay-server.js';
export { MLFLOW_ERROR_STATUS, INTERNAL_ERROR_MESSAGE, toMlflowError } from './errors/mlflow-error.js';
export type { MlflowErrorBody, MlflowErrorCode, MlflowErrorResponse } from './errors/mlflow-error.js';
export { stderrServerLog } from './middleware/request-log.js';
export type { ServerLog, ServerLogEntry } from './middleware/request-log.js';
export { ASSAY_API_PREFIX, MLFLOW_API_PREFIX, MLFLOW_ARTIFACTS_PREFIX, OPENAPI_DOCUMENT_PATH } from './routes/api-paths.js';
export { MLFLOW_COMPATIBLE_VERSION } from './routes/health.js';
