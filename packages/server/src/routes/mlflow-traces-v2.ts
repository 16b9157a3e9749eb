import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { InvalidParameterError, type TraceInfo, type TraceState } from '@assay/core';
import { fromMlflowTraceMaps } from '../convert/from-mlflow-trace-info.js';
import { toMlflowTraceInfoV2 } from '../convert/to-mlflow-trace-info.js';
import { int32, int64, keyValue, keyValuesToRecord, queryStringList, requiredString, toSearchAnswer, toSearchOptions } from '../schemas/mlflow-fields.js';
import { traceInfoV2Json, traceStatusV2 } from '../schemas/mlflow-traces.js';
import type { ServerContext } from '../server-context.js';
import { generateTraceId, normalizeTraceId } from '../traces/trace-ids.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, jsonResponses, queryGetRoute, routeWithAccess } from './define-route.js';
import { deleteTracesAccess, deleteTracesBody, requireTagKey, toDeleteTracesInput, traceTagRoutes } from './mlflow-traces.js';
import { traceAccess } from './trace-access.js';

const TAG = 'MLflow traces (2.0, legacy)';
const PREFIX = `${MLFLOW_API_PREFIX}/traces`;

const requestIdParameter = z.object({ request_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });
const traceInfoResponse = z.object({ trace_info: traceInfoV2Json });

const routes = {
  start: jsonPostRoute({
    path: PREFIX,
    summary: "Start a trace (MLflow 2): the server names it; upload its traces.json to the answer's 'mlflow.artifactLocation'",
    tag: TAG,
    body: z.object({
      experiment_id: requiredString,
      timestamp_ms: int64.optional(),
      request_metadata: z.array(keyValue).optional(),
      tags: z.array(keyValue).optional(),
    }),
    response: traceInfoResponse,
    access: { resource: 'experiment', permission: 'EDIT', idFrom: (body) => body.experiment_id },
  }),
  end: routeWithAccess(
    {
      method: 'patch',
      path: `${PREFIX}/{request_id}`,
      summary: 'End a trace (MLflow 2): its status, end time, and more metadata and tags',
      tags: [TAG],
      request: {
        params: requestIdParameter,
        body: {
          content: {
            'application/json': {
              schema: z.object({
                timestamp_ms: int64.optional(),
                status: traceStatusV2.optional(),
                request_metadata: z.array(keyValue).optional(),
                tags: z.array(keyValue).optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: jsonResponses(traceInfoResponse),
    },
    traceAccess('EDIT', 'request_id'),
  ),
  info: routeWithAccess(
    {
      method: 'get',
      path: `${PREFIX}/{request_id}/info`,
      summary: "A trace's info (MLflow 2)",
      tags: [TAG],
      request: { params: requestIdParameter },
      responses: jsonResponses(traceInfoResponse),
    },
    traceAccess('READ', 'request_id'),
  ),
  search: queryGetRoute({
    path: PREFIX,
    summary: 'Search the traces of experiments (MLflow 2)',
    tag: TAG,
    query: z.object({
      experiment_ids: queryStringList.optional(),
      filter: z.string().optional(),
      max_results: int32.optional(),
      order_by: queryStringList.optional(),
      page_token: z.string().optional(),
    }),
    response: z.object({ traces: z.array(traceInfoV2Json).optional(), next_page_token: z.string().optional() }),
    access: { resource: 'experiment', permission: 'READ', idFrom: (query) => query.experiment_ids ?? [] },
  }),
  delete: jsonPostRoute({
    path: `${PREFIX}/delete-traces`,
    summary: 'Delete traces of an experiment (MLflow 2): by ids, or the oldest up to a time',
    tag: TAG,
    body: deleteTracesBody,
    response: z.object({ traces_deleted: z.number().int() }),
    access: deleteTracesAccess,
  }),
  ...traceTagRoutes({ path: `${PREFIX}/{request_id}/tags`, idField: 'request_id', tag: TAG }),
};

const STATES: Readonly<Record<string, TraceState>> = { OK: 'OK', ERROR: 'ERROR', IN_PROGRESS: 'IN_PROGRESS' };

/** MLflow 2's traces API (`/api/2.0/mlflow/traces...`), kept for MLflow 2 clients. */
export function createMlflowTracesV2Router({ store, mlflowTraces }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.start, async (c) => {
    const body = c.req.valid('json');
    const maps = fromMlflowTraceMaps({ metadata: keyValuesToRecord(body.request_metadata), tags: keyValuesToRecord(body.tags) });
    const info = await mlflowTraces.recordInfo({
      traceId: generateTraceId(),
      experimentId: body.experiment_id,
      requestTime: body.timestamp_ms ?? Date.now(),
      state: 'IN_PROGRESS',
      ...maps,
      assessments: [],
    });
    return c.json({ trace_info: toMlflowTraceInfoV2(info) }, 200);
  });

  router.openapi(routes.end, async (c) => {
    const body = c.req.valid('json');
    const current = await mlflowTraces.readInfo(normalizeTraceId(c.req.valid('param').request_id, 'request_id'));
    const maps = fromMlflowTraceMaps({ metadata: keyValuesToRecord(body.request_metadata), tags: keyValuesToRecord(body.tags) });
    if (body.timestamp_ms !== undefined && body.timestamp_ms < current.requestTime) {
      throw new InvalidParameterError(`Invalid value ${body.timestamp_ms} for parameter 'timestamp_ms': the trace started at ${current.requestTime}.`);
    }
    const ended: TraceInfo = {
      ...current,
      ...maps,
      state: STATES[body.status ?? ''] ?? 'OK',
      ...(body.timestamp_ms !== undefined ? { executionDurationMs: body.timestamp_ms - current.requestTime } : {}),
      tags: { ...current.tags, ...maps.tags },
      metadata: { ...current.metadata, ...maps.metadata },
    };
    return c.json({ trace_info: toMlflowTraceInfoV2(await mlflowTraces.recordInfo(ended)) }, 200);
  });

  router.openapi(routes.info, async (c) => {
    const info = await mlflowTraces.readInfo(normalizeTraceId(c.req.valid('param').request_id, 'request_id'));
    return c.json({ trace_info: toMlflowTraceInfoV2(info) }, 200);
  });

  router.openapi(routes.search, async (c) => {
    const query = c.req.valid('query');
    const result = await store.searchTraces({ experimentIds: query.experiment_ids ?? [], ...toSearchOptions(query) });
    return c.json(toSearchAnswer('traces', result.traces.map(toMlflowTraceInfoV2), result.nextPageToken), 200);
  });

  router.openapi(routes.delete, async (c) => c.json({ traces_deleted: await mlflowTraces.deleteTraces(toDeleteTracesInput(c.req.valid('json'))) }, 200));

  router.openapi(routes.setTag, async (c) => {
    const { key, value } = c.req.valid('json');
    await mlflowTraces.setTag({ traceId: normalizeTraceId(c.req.valid('param').request_id, 'request_id'), key, value });
    return c.json({}, 200);
  });

  router.openapi(routes.deleteTag, async (c) => {
    const key = requireTagKey(c.req.valid('json'), c.req.valid('query'));
    await mlflowTraces.deleteTag({ traceId: normalizeTraceId(c.req.valid('param').request_id, 'request_id'), key });
    return c.json({}, 200);
  });

  return router;
}
