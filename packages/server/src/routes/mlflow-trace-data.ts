import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { guardHandler } from '../auth/guard-handler.js';
import type { RequiredPermission } from '../auth/permission.js';
import type { RouteAccess } from '../auth/route-access.js';
import { fromTraceDataSpan } from '../convert/from-trace-data-span.js';
import { toTraceDataText } from '../convert/to-trace-data-text.js';
import { invalidRequestError } from '../errors/invalid-request-error.js';
import { emptyObject } from '../schemas/mlflow-fields.js';
import { traceDataJson } from '../schemas/mlflow-traces.js';
import type { ServerContext } from '../server-context.js';
import { parseTraceDataJson } from '../traces/parse-trace-data-json.js';
import { normalizeTraceId, TRACE_DATA_FILE } from '../traces/trace-ids.js';
import { MLFLOW_ARTIFACTS_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { accessDocumentation, jsonResponses } from './define-route.js';

const TAG = 'MLflow traces';
const TRACE_DATA_PATH = `${MLFLOW_ARTIFACTS_PREFIX}/{experiment_id}/traces/{trace_id}/artifacts/${TRACE_DATA_FILE}`;
const TRACE_DATA_ROUTE = `${MLFLOW_ARTIFACTS_PREFIX}/:experimentId/traces/:traceId/artifacts/${TRACE_DATA_FILE}`;
const TRACE_DATA_PATTERN = new RegExp(`^${MLFLOW_ARTIFACTS_PREFIX}/[^/]+/traces/[^/]+/artifacts/${TRACE_DATA_FILE.replace('.', '\\.')}$`, 'u');

/** True for the path of a trace's traces.json under the artifact proxy (a JSON upload, not a file). */
export function isTraceDataPath(path: string): boolean {
  return TRACE_DATA_PATTERN.test(path);
}

/**
 * A permission on the experiment the path names (GET READ, PUT EDIT, as MLflow's
 * trace-artifact and upload rules). The trace must be in that experiment: a
 * download answers 404 otherwise, an upload 400 (MlflowTraceBridge).
 */
function experimentAccess(permission: RequiredPermission): RouteAccess<{ experiment_id: string }> {
  return { resource: 'experiment', permission, idFrom: (input) => input.experiment_id };
}

/** The experiment and trace a trace-data path names (the trace id as given). */
function pathOf(c: Context): { experimentId: string; traceId: string } {
  return { experimentId: c.req.param('experimentId') ?? '', traceId: c.req.param('traceId') ?? '' };
}

const experimentOfPath = (c: Context) => ({ experiment_id: pathOf(c).experimentId });

const parameters = z.object({ experiment_id: z.string().openapi({ example: '1' }), trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });

// Documented here; served by the handlers below, which read the body with a bigint-safe parser.
const documentedRoutes = [
  createRoute({
    method: 'put',
    path: TRACE_DATA_PATH,
    summary: "Upload a trace's spans (traces.json at its 'mlflow.artifactLocation'): they are stored as the trace's spans, not as a file",
    tags: [TAG],
    ...accessDocumentation(experimentAccess('EDIT')),
    request: { params: parameters, body: { content: { 'application/json': { schema: traceDataJson } }, required: true } },
    responses: jsonResponses(emptyObject),
  }),
  createRoute({
    method: 'get',
    path: TRACE_DATA_PATH,
    summary: "A trace's spans as MLflow's traces.json, built from the stored spans (times as exact JSON integers, attribute values JSON-encoded)",
    tags: [TAG],
    ...accessDocumentation(experimentAccess('READ')),
    request: { params: parameters },
    responses: jsonResponses(traceDataJson),
  }),
];

/**
 * The trace-data artifact MLflow's tracing clients upload and read through
 * the artifact proxy (`<experiment>/traces/<trace id>/artifacts/traces.json`),
 * served from the Store: an upload stores its spans (so they are real Assay
 * traces), a download is built from the stored spans. Mounted before the
 * artifact proxy, whose routes would otherwise take these paths.
 */
export function createMlflowTraceDataRouter({ mlflowTraces }: ServerContext): OpenAPIHono {
  const router = createRouter();
  for (const route of documentedRoutes) router.openAPIRegistry.registerPath(route);

  router.put(TRACE_DATA_ROUTE, guardHandler(experimentAccess('EDIT'), experimentOfPath, async (c) => {
    const { experimentId, traceId: givenTraceId } = pathOf(c);
    const traceId = normalizeTraceId(givenTraceId);
    const input = parseTraceDataJson(await c.req.text());
    const parsed = traceDataJson.safeParse(input);
    if (!parsed.success) throw invalidRequestError({ issues: parsed.error.issues, input, target: 'json' });
    const spans = parsed.data.spans.map((span, index) => fromTraceDataSpan(span, { traceId, index }));
    if (spans.length > 0) await mlflowTraces.logSpans({ experimentId, traceId, spans });
    return c.json({}, 200);
  }));

  router.get(TRACE_DATA_ROUTE, guardHandler(experimentAccess('READ'), experimentOfPath, async (c) => {
    const { experimentId, traceId } = pathOf(c);
    const spans = await mlflowTraces.spansOf({ experimentId, traceId: normalizeTraceId(traceId) });
    return c.body(toTraceDataText(spans), 200, { 'content-type': 'application/json' });
  }));

  return router;
}
