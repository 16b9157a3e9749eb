/** Prefix of MLflow's REST API 2.0 tracking routes. */
export const MLFLOW_API_PREFIX = '/api/2.0/mlflow';

/** Prefix of MLflow's REST API 3.0 routes (traces, assessments). */
export const MLFLOW_API_V3_PREFIX = '/api/3.0/mlflow';

/** Prefix of MLflow's artifact proxy: files under the server's artifact root. */
export const MLFLOW_ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

/** Prefix of Assay's own API (what MLflow's lacks). */
export const ASSAY_API_PREFIX = '/api/assay/v1';

/** Where the OpenAPI document of every route is served. */
export const OPENAPI_DOCUMENT_PATH = `${ASSAY_API_PREFIX}/openapi.json`;

const AJAX_PREFIX = '/ajax-api/';

/**
 * The path a request is routed by. MLflow serves every API route twice,
 * under `/api/...` and under `/ajax-api/...` (what its web UI calls); here the
 * aliases are routed to the `/api/...` routes, so each route is declared (and
 * documented) once.
 */
export function routingPathOf(pathname: string): string {
  return pathname.startsWith(AJAX_PREFIX) ? `/api/${pathname.slice(AJAX_PREFIX.length)}` : pathname;
}

/** OTLP/HTTP's path for traces: any OpenTelemetry exporter's default (`<endpoint>/v1/traces`). */
export const OTLP_TRACES_PATH = '/v1/traces';

/** Paths the server's API answers: everything else is the dashboard's (when it is served). */
export function isApiPath(pathname: string): boolean {
  return (
    pathname.startsWith('/api/') ||
    pathname.startsWith(AJAX_PREFIX) ||
    pathname === OTLP_TRACES_PATH ||
    pathname === '/health' ||
    pathname === '/version'
  );
}
