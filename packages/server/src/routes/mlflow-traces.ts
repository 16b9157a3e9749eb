import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { InvalidParameterError } from '@assay/core';
import { fromMlflowTraceInfoV3 } from '../convert/from-mlflow-trace-info.js';
import { toMlflowTraceInfoV3 } from '../convert/to-mlflow-trace-info.js';
import { emptyObject, int32, int64, requiredString, toSearchAnswer, toSearchOptions } from '../schemas/mlflow-fields.js';
import { traceInfoV3In, traceInfoV3Json, traceLocationJson } from '../schemas/mlflow-traces.js';
import type { ServerContext } from '../server-context.js';
import { normalizeTraceId } from '../traces/trace-ids.js';
import { MLFLOW_API_PREFIX, MLFLOW_API_V3_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, jsonResponses, routeWithAccess } from './define-route.js';
import { traceAccess } from './trace-access.js';

const TAG = 'MLflow traces';
const PREFIX = `${MLFLOW_API_V3_PREFIX}/traces`;

const traceIdParameter = z.object({ trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });

/** The body of delete-traces (MLflow 2 and 3): trace ids, or a time and a count. */
export const deleteTracesBody = z.object({
  experiment_id: requiredString,
  max_timestamp_millis: int64.optional(),
  max_traces: int32.optional(),
  request_ids: z.array(z.string()).optional(),
});

/** The experiments a trace search names: `experiment_ids` and the experiments of `locations` (MLflow 3). */
function searchedExperimentIds(body: { experiment_ids?: string[] | undefined; locations?: { mlflow_experiment?: { experiment_id: string } | undefined }[] | undefined }): string[] {
  const experimentIds = [...(body.experiment_ids ?? [])];
  for (const location of body.locations ?? []) {
    const experimentId = location.mlflow_experiment?.experiment_id;
    if (experimentId !== undefined && experimentId !== '') experimentIds.push(experimentId);
  }
  return experimentIds;
}

/** MLflow's auth app: deleting traces needs MANAGE ("can_delete") on their experiment. */
export const deleteTracesAccess = { resource: 'experiment', permission: 'MANAGE', idFrom: (body: { experiment_id: string }) => body.experiment_id } as const;

/**
 * The PATCH (set) and DELETE (remove) routes of a trace's tags, MLflow 3's and 2's
 * (which differ in the id's name, `idField`); both need EDIT on the trace's experiment.
 */
export function traceTagRoutes<Path extends string, Field extends 'trace_id' | 'request_id'>(options: { path: Path; idField: Field; tag: string }) {
  const params = z.object({ [options.idField]: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) }) as z.ZodObject<Record<Field, z.ZodString>>;
  const keyFields = z.object({ key: z.string().optional() });
  const access = traceAccess('EDIT', options.idField);
  return {
    setTag: routeWithAccess(
      {
        method: 'patch',
        path: options.path,
        summary: 'Set a tag on a trace',
        tags: [options.tag],
        request: { params, body: { content: { 'application/json': { schema: z.object({ key: requiredString, value: z.string() }) } }, required: true } },
        responses: jsonResponses(emptyObject),
      },
      access,
    ),
    deleteTag: routeWithAccess(
      {
        method: 'delete',
        path: options.path,
        summary: 'Delete a tag of a trace (`key` in the JSON body or the query string)',
        tags: [options.tag],
        request: { params, query: keyFields, body: { content: { 'application/json': { schema: keyFields } }, required: false } },
        responses: jsonResponses(emptyObject),
      },
      access,
    ),
  };
}

const routes = {
  start: jsonPostRoute({
    path: PREFIX,
    summary:
      "Record a trace's info (MLflow's StartTraceV3, sent when the trace ends); the answer's tag 'mlflow.artifactLocation' names where to upload traces.json",
    tag: TAG,
    body: z.object({ trace: z.object({ trace_info: traceInfoV3In }) }),
    response: z.object({ trace: z.object({ trace_info: traceInfoV3Json }) }),
    // EDIT on the experiment the trace goes to; a trace already in another experiment is refused (MlflowTraceBridge).
    access: { resource: 'experiment', permission: 'EDIT', idFrom: (body) => fromMlflowTraceInfoV3(body.trace.trace_info).experimentId },
  }),
  get: routeWithAccess(
    {
      method: 'get',
      path: `${PREFIX}/{trace_id}`,
      summary: "A trace's info (its spans are in its traces.json)",
      tags: [TAG],
      request: { params: traceIdParameter },
      responses: jsonResponses(z.object({ trace: z.object({ trace_info: traceInfoV3Json }) })),
    },
    traceAccess('READ', 'trace_id'),
  ),
  search: jsonPostRoute({
    path: `${PREFIX}/search`,
    summary: "Search the traces of experiments (filter: `trace.status = 'ERROR' and span.type = 'TOOL'`, also OR and parentheses)",
    tag: TAG,
    body: z.object({
      locations: z.array(traceLocationJson).optional(),
      experiment_ids: z.array(z.string()).optional(),
      filter: z.string().optional(),
      max_results: int32.optional(),
      order_by: z.array(z.string()).optional(),
      page_token: z.string().optional(),
    }),
    response: z.object({ traces: z.array(traceInfoV3Json).optional(), next_page_token: z.string().optional() }),
    access: { resource: 'experiment', permission: 'READ', idFrom: searchedExperimentIds },
  }),
  delete: jsonPostRoute({
    path: `${PREFIX}/delete-traces`,
    summary: 'Delete traces of an experiment: by ids (request_ids), or the oldest up to max_timestamp_millis (at most max_traces)',
    tag: TAG,
    body: deleteTracesBody,
    response: z.object({ traces_deleted: z.number().int() }),
    access: deleteTracesAccess,
  }),
  ...traceTagRoutes({ path: `${PREFIX}/{trace_id}/tags`, idField: 'trace_id', tag: TAG }),
  linkToRun: jsonPostRoute({
    path: `${MLFLOW_API_PREFIX}/traces/link-to-run`,
    summary: 'Make traces belong to a run (at most 100 traces)',
    tag: TAG,
    body: z.object({ trace_ids: z.array(z.string()).max(100, { error: 'at most 100 trace ids' }), run_id: requiredString }),
    response: emptyObject,
    // MLflow's auth app asks EDIT on the run and READ on the traces; here the link is written onto each trace, so EDIT on theirs too.
    access: {
      allOf: [
        { resource: 'run', permission: 'EDIT', idFrom: (body) => body.run_id },
        { resource: 'trace', permission: 'EDIT', idFrom: (body) => normalizeTraceIds(body.trace_ids) },
      ],
    },
  }),
};

/** link-to-run's trace ids as the Store keeps them. @throws InvalidParameterError naming the first bad one. */
function normalizeTraceIds(traceIds: readonly string[]): string[] {
  return traceIds.map((traceId, index) => normalizeTraceId(traceId, `trace_ids[${index}]`));
}

/** The key of a delete-tag call: in the JSON body (MLflow's clients) or the query string. */
export function requireTagKey(body: { key?: string | undefined } | undefined, query: { key?: string | undefined }): string {
  const key = body?.key ?? query.key;
  if (key === undefined || key === '') throw new InvalidParameterError("Missing value for required parameter 'key'. See the API docs for more information about request parameters.");
  return key;
}

/** MLflow 3's traces API (`/api/3.0/mlflow/traces...`) and link-to-run. */
export function createMlflowTracesRouter({ store, mlflowTraces }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.start, async (c) => {
    const info = await mlflowTraces.recordInfo(fromMlflowTraceInfoV3(c.req.valid('json').trace.trace_info));
    return c.json({ trace: { trace_info: toMlflowTraceInfoV3(info) } }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const info = await mlflowTraces.readInfo(normalizeTraceId(c.req.valid('param').trace_id));
    return c.json({ trace: { trace_info: toMlflowTraceInfoV3(info) } }, 200);
  });

  router.openapi(routes.search, async (c) => {
    const body = c.req.valid('json');
    const experimentIds = searchedExperimentIds(body);
    if (experimentIds.length === 0) {
      throw new InvalidParameterError("Missing value for required parameter 'locations': name at least one experiment, e.g. [{type: 'MLFLOW_EXPERIMENT', mlflow_experiment: {experiment_id: '1'}}].");
    }
    const result = await store.searchTraces({ experimentIds, ...toSearchOptions(body) });
    return c.json(toSearchAnswer('traces', result.traces.map(toMlflowTraceInfoV3), result.nextPageToken), 200);
  });

  router.openapi(routes.delete, async (c) => c.json({ traces_deleted: await mlflowTraces.deleteTraces(toDeleteTracesInput(c.req.valid('json'))) }, 200));

  router.openapi(routes.setTag, async (c) => {
    const { key, value } = c.req.valid('json');
    await mlflowTraces.setTag({ traceId: normalizeTraceId(c.req.valid('param').trace_id), key, value });
    return c.json({}, 200);
  });

  router.openapi(routes.deleteTag, async (c) => {
    const key = requireTagKey(c.req.valid('json'), c.req.valid('query'));
    await mlflowTraces.deleteTag({ traceId: normalizeTraceId(c.req.valid('param').trace_id), key });
    return c.json({}, 200);
  });

  router.openapi(routes.linkToRun, async (c) => {
    const body = c.req.valid('json');
    await mlflowTraces.linkToRun({ traceIds: normalizeTraceIds(body.trace_ids), runId: body.run_id });
    return c.json({}, 200);
  });

  return router;
}

/** Store.deleteTraces' input of a delete-traces body. */
export function toDeleteTracesInput(body: z.infer<typeof deleteTracesBody>) {
  return {
    experimentId: body.experiment_id,
    ...(body.request_ids !== undefined && body.request_ids.length > 0 ? { traceIds: body.request_ids } : {}),
    ...(body.max_timestamp_millis !== undefined ? { maxTimestampMillis: body.max_timestamp_millis } : {}),
    ...(body.max_traces !== undefined ? { maxTraces: body.max_traces } : {}),
  };
}
