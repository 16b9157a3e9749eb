import { OpenAPIHono } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { getPath } from 'hono/utils/url';
import { errorMessage, type RegistryStore, type Store } from '@assay/core';
import { registryOfStore } from './registry/registry-of-store.js';
import { createMlflowWebhooksRouter } from './routes/mlflow-webhooks.js';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { kickingDispatcher, webhookStoreOf } from './webhooks/webhook-store-of.js';
import { modelOfTransitionRequest } from './registry/model-of-transition-request.js';
import { ArtifactDirectory } from './artifacts/artifact-directory.js';
import { endpointNotFound, toMlflowError } from './errors/mlflow-error.js';
import { rejectCrossSiteWrites } from './middleware/reject-cross-site-writes.js';
import { requestLog, requestLogEntry, stderrServerLog, type ServerLog } from './middleware/request-log.js';
import { otlpErrorBodies } from './otlp/otlp-error-bodies.js';
import { ASSAY_API_PREFIX, MLFLOW_ARTIFACTS_PREFIX, OPENAPI_DOCUMENT_PATH, OTLP_TRACES_PATH, routingPathOf } from './routes/api-paths.js';
import { createAssayDatasetsRouter } from './routes/assay-datasets.js';
import { createAssayEvaluationRowsRouter } from './routes/assay-evaluation-rows.js';
import { createAssayEvaluationCompareRouter } from './routes/assay-evaluation-compare.js';
import { createAssayAssessmentsRouter } from './routes/assay-assessments.js';
import { createAssayModelPricesRouter } from './routes/assay-model-prices.js';
import { createAssayRunInputsRouter } from './routes/assay-run-inputs.js';
import { createAssaySqlRouter } from './routes/assay-sql.js';
import { createAssayWritesRouter } from './routes/assay-writes.js';
import { createAssayTracesRouter } from './routes/assay-traces.js';
import { createAssayModelProtectionRouter } from './routes/assay-model-protection.js';
import { createAssayModelPermissionRouter } from './routes/assay-model-permission.js';
import { createAssayRegistryEventsRouter } from './routes/assay-registry-events.js';
import { createAssayTransitionRequestsRouter } from './routes/assay-transition-requests.js';
import { createHealthRouter } from './routes/health.js';
import { createMlflowArtifactProxyRouter } from './routes/mlflow-artifact-proxy.js';
import { createMlflowArtifactsRouter } from './routes/mlflow-artifacts.js';
import { createMlflowExperimentsRouter } from './routes/mlflow-experiments.js';
import { createMlflowMetricsRouter } from './routes/mlflow-metrics.js';
import { createMlflowRunsRouter } from './routes/mlflow-runs.js';
import { authenticateRequests, allowAllRequests } from './auth/authenticate-requests.js';
import { guardHandler } from './auth/guard-handler.js';
import { Authorizer, requestAccess, type ServerAuth } from './auth/request-access.js';
import { SECURITY_SCHEMES } from './routes/define-route.js';
import { createMlflowExperimentPermissionsRouter } from './routes/mlflow-experiment-permissions.js';
import { createMlflowModelVersionsRouter } from './routes/mlflow-model-versions.js';
import { createMlflowRegisteredModelPermissionsRouter } from './routes/mlflow-registered-model-permissions.js';
import { createMlflowRegisteredModelsRouter } from './routes/mlflow-registered-models.js';
import { createMlflowUsersRouter } from './routes/mlflow-users.js';
import { createMlflowAssessmentsRouter } from './routes/mlflow-assessments.js';
import { createMlflowTraceDataRouter, isTraceDataPath } from './routes/mlflow-trace-data.js';
import { createMlflowTracesRouter } from './routes/mlflow-traces.js';
import { createMlflowTracesV2Router } from './routes/mlflow-traces-v2.js';
import { createOtlpTracesRouter } from './routes/otlp-traces.js';
import { OtlpExperimentCache } from './otlp/otlp-experiment-cache.js';
import { MlflowTraceBridge } from './traces/mlflow-trace-bridge.js';
import type { ServerContext } from './server-context.js';
import { serverVersion } from './server-version.js';

/** Default largest JSON request body: 16 MiB. */
export const DEFAULT_MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;

/** Default largest OTLP request body, on the wire and once decompressed: 64 MiB. */
export const DEFAULT_MAX_OTLP_BODY_BYTES = 64 * 1024 * 1024;

/** Default largest artifact upload: 2 GiB. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 2 * 1024 * 1024 * 1024;

/** Options of createAssayServer. */
export interface AssayServerOptions {
  /** Where everything is read and written; the caller opens and closes it. */
  store: Store;
  /**
   * The directory MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`)
   * serves: for a local store, its `artifacts/` folder, where `mlflow-artifacts:/` URIs
   * point. Without it the proxy routes answer 501 NOT_IMPLEMENTED.
   */
  artifactRoot?: string;
  /** Largest JSON request body in bytes; larger ones get 413. Default 16 MiB. */
  maxJsonBodyBytes?: number;
  /** Largest artifact upload in bytes (streamed to disk, never held in memory); larger ones get 413. Default 2 GiB. */
  maxArtifactBytes?: number;
  /**
   * Largest OTLP request body (`POST /v1/traces`) in bytes, both as sent and
   * once decompressed (a gzip body that expands past it is cut off: no gzip
   * bomb); larger ones get 413. Default 64 MiB.
   */
  maxOtlpBodyBytes?: number;
  /** Largest dataset file upload (`POST /api/assay/v1/datasets/{name}/files`, streamed to disk) in bytes. Default 2 GiB. */
  maxDatasetFileBytes?: number;
  /** Receives log lines: unexpected errors with their stack, and request lines when `logRequests`. Default: JSON lines on stderr. */
  log?: ServerLog;
  /** Log one line per request (method, path, status, duration, user). Default false. */
  logRequests?: boolean;
  /**
   * Turns authentication on: every request but `/health` needs HTTP basic
   * credentials or an API token of one of `auth.users`, and each route
   * checks the permission it declares (MLflow's READ / EDIT / MANAGE per
   * experiment and per registered model, `defaultPermission` where none is granted, admins allowed
   * everything). Without it, every request may do everything.
   */
  auth?: ServerAuth;
  /**
   * Sends the registry's webhook deliveries (see WebhookDispatcher): kicked
   * after each registry write. The caller creates it on the same store,
   * kicks it once at start (for deliveries left from before) and stops it
   * before closing the store. Without one, deliveries wait in the store.
   */
  webhookDispatcher?: WebhookDispatcher;
}

/** The registry the routes use: with a dispatcher, one that kicks it after each write. */
function registryWithWebhooks(registry: RegistryStore | undefined, dispatcher: WebhookDispatcher | undefined): RegistryStore | undefined {
  return registry === undefined || dispatcher === undefined ? registry : kickingDispatcher(registry, dispatcher);
}

const DATASET_FILES = new RegExp(`^${ASSAY_API_PREFIX}/datasets/[^/]+/files$`, 'u');

/**
 * The paths whose bodies are not JSON and have limits of their own: artifact
 * uploads and dataset files (`maxArtifactBytes`, `maxDatasetFileBytes`, as
 * they stream; a trace's traces.json is JSON, stored as spans) and OTLP
 * ingest (`maxOtlpBodyBytes`, before and after decompression).
 */
function hasOwnBodyLimit(path: string): boolean {
  return (path.startsWith(`${MLFLOW_ARTIFACTS_PREFIX}/`) && !isTraceDataPath(path)) || DATASET_FILES.test(path) || path === OTLP_TRACES_PATH;
}

/**
 * Assay's tracking server as a web-standard fetch handler (a Hono app):
 * MLflow's REST API 2.0 under `/api/2.0/mlflow/...` and its `/ajax-api/2.0/...`
 * aliases, the artifact proxy, OTLP/HTTP trace ingest at `/v1/traces`,
 * `/health`, `/version`, and the OpenAPI
 * document of every route at `/api/assay/v1/openapi.json`, generated from the
 * schemas that validate the requests. Serve it with `app.fetch` (any runtime,
 * `startAssayServer` from `@assay/server/node` in Node) or test it with
 * `app.request()`. Errors are answered as MLflow's `{ error_code, message }`
 * with MLflow's statuses (OTLP's as its `Status` messages); unexpected ones
 * as a generic 500 with the details logged, never sent.
 */
export function createAssayServer(options: AssayServerOptions): OpenAPIHono {
  const log = options.log ?? stderrServerLog;
  const context: ServerContext = {
    store: options.store,
    registry: registryWithWebhooks(registryOfStore(options.store), options.webhookDispatcher),
    webhooks: webhookStoreOf(options.store),
    webhookDispatcher: options.webhookDispatcher,
    artifacts: options.artifactRoot === undefined ? undefined : new ArtifactDirectory(options.artifactRoot),
    users: options.auth?.users,
    mlflowTraces: new MlflowTraceBridge(options.store),
    otlpExperiments: new OtlpExperimentCache(options.store),
    log,
  };
  const maxJsonBodyBytes = options.maxJsonBodyBytes ?? DEFAULT_MAX_JSON_BODY_BYTES;
  const app = new OpenAPIHono({ getPath: (request) => routingPathOf(getPath(request)) });

  if (options.logRequests === true) app.use('*', requestLog(log));
  // Outside authentication: OTLP's errors, 401 included, are Status messages in the request's encoding.
  app.use(OTLP_TRACES_PATH, otlpErrorBodies);
  // Before the body limit: a request without credentials is answered 401 before its body is read.
  // A trace's experiment comes from the bridge, which also knows the traces MLflow's clients announced before their spans.
  const registry = context.registry;
  const authorizer =
    options.auth === undefined
      ? undefined
      : new Authorizer(options.store, options.auth, {
          experimentOfTrace: (traceId) => context.mlflowTraces.experimentOf(traceId),
          ...(registry !== undefined ? { modelOfTransitionRequest: (id: string) => modelOfTransitionRequest(registry, id) } : {}),
        });
  app.use('*', rejectCrossSiteWrites);
  app.use('*', authorizer === undefined ? allowAllRequests : authenticateRequests(authorizer));
  const jsonLimit = bodyLimit({
    maxSize: maxJsonBodyBytes,
    onError: () => {
      throw new HTTPException(413, { message: `The request body exceeds the limit of ${maxJsonBodyBytes} bytes.` });
    },
  });
  app.use('*', async (c, next) => (hasOwnBodyLimit(routingPathOf(c.req.path)) ? next() : jsonLimit(c, next)));

  app.onError((error, c) => {
    const { status, body, unexpected } = toMlflowError(error);
    if (unexpected) {
      const stack = error instanceof Error ? error.stack : undefined;
      log(requestLogEntry(c, { level: 'error', message: 'unexpected error', status, error: errorMessage(error), ...(stack !== undefined ? { stack } : {}) }));
    }
    return c.json(body, status as ContentfulStatusCode);
  });
  app.notFound((c) => {
    const { status, body } = endpointNotFound(c.req.method, new URL(c.req.url).pathname);
    return c.json(body, status as ContentfulStatusCode);
  });

  const routers = [
    createHealthRouter(),
    createMlflowExperimentsRouter(context),
    createMlflowRunsRouter(context),
    createMlflowMetricsRouter(context),
    createMlflowArtifactsRouter(context),
    createMlflowTracesRouter(context),
    createMlflowTracesV2Router(context),
    createMlflowAssessmentsRouter(context),
    // Before the artifact proxy: a trace's traces.json is served from the store.
    createMlflowTraceDataRouter(context),
    createAssayDatasetsRouter(context, { maxDatasetFileBytes: options.maxDatasetFileBytes ?? DEFAULT_MAX_ARTIFACT_BYTES }),
    createAssayEvaluationRowsRouter(context),
    createAssayEvaluationCompareRouter(context),
    createAssayRunInputsRouter(context),
    createAssayTracesRouter(context),
    createAssayAssessmentsRouter(context),
    createAssayModelPricesRouter(context),
    createAssayWritesRouter(context),
    createAssaySqlRouter(context),
    createMlflowArtifactProxyRouter(context, { maxArtifactBytes: options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES }),
    createMlflowUsersRouter(context),
    createMlflowExperimentPermissionsRouter(context),
    createMlflowRegisteredModelsRouter(context),
    createMlflowModelVersionsRouter(context),
    createMlflowRegisteredModelPermissionsRouter(context),
    createMlflowWebhooksRouter(context),
    createAssayRegistryEventsRouter(context),
    createAssayModelProtectionRouter(context),
    createAssayModelPermissionRouter(context),
    createAssayTransitionRequestsRouter(context),
    createOtlpTracesRouter(context, { maxOtlpBodyBytes: options.maxOtlpBodyBytes ?? DEFAULT_MAX_OTLP_BODY_BYTES }),
  ];
  for (const router of routers) app.route('/', router);

  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEMES.basic, { type: 'http', scheme: 'basic', description: 'A username and password (`assay server users add`).' });
  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEMES.bearer, { type: 'http', scheme: 'bearer', description: 'An API token (`assay server tokens create`).' });
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Assay server',
      version: serverVersion(),
      description:
        "Assay's tracking server: MLflow's REST API 2.0 and 3.0 (every `/api/...` route is also served under `/ajax-api/...`, as MLflow's), " +
        "its artifact proxy, OTLP/HTTP trace ingest (`/v1/traces`), and Assay's own API. Errors are `{ \"error_code\", \"message\" }` with MLflow's codes " +
        "and HTTP statuses (OTLP's are `google.rpc.Status` messages, as OTLP requires). " +
        'When auth is on, every route but `/health` needs HTTP basic credentials or an API token; `x-assay-access` says what each route needs.',
    },
  } as const;
  // Who is signed in: the dashboard asks before rendering a page (401 with the Basic challenge when nobody is).
  app.get(
    `${ASSAY_API_PREFIX}/session`,
    guardHandler('authenticated', () => undefined, (c) => {
      const { user } = requestAccess(c);
      return c.json({ auth: options.auth !== undefined, user: user === undefined ? null : { username: user.username, is_admin: user.isAdmin } }, 200);
    }),
  );
  app.get(
    OPENAPI_DOCUMENT_PATH,
    guardHandler('authenticated', () => undefined, (c) => c.json(app.getOpenAPI31Document(documentConfig), 200)),
  );
  return app;
}
