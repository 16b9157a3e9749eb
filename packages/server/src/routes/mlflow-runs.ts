import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { AssayError, DATASET_CONTEXT_TAG, DEFAULT_EXPERIMENT_ID, InvalidParameterError, LIMITS, SYSTEM_TAGS, type LogBatchInput } from '@assay/core';
import { toMlflowRun, toMlflowRunInfo } from '../convert/to-mlflow-run.js';
import { findDatasetVersion } from '../datasets/find-dataset-version.js';
import { runInfoJson, runJson } from '../schemas/mlflow-entities.js';
import { double, emptyObject, int32, int64, keyValue, keyValuesToRecord, requiredString, requireRunId, runIdFields, runStatus, toSearchAnswer, toSearchOptions, viewType } from '../schemas/mlflow-fields.js';
import type { RequiredPermission } from '../auth/permission.js';
import type { RouteAccess } from '../auth/route-access.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, queryGetRoute } from './define-route.js';

const TAG = 'MLflow runs';
const PREFIX = `${MLFLOW_API_PREFIX}/runs`;

const runId = z.object(runIdFields);

/** A permission on the experiment of the run a request names (runs inherit their experiment's permissions). */
function runAccess(permission: RequiredPermission): RouteAccess<{ run_id?: string | undefined; run_uuid?: string | undefined }> {
  return { resource: 'run', permission, idFrom: requireRunId };
}

/** The experiment runs/create names: the Default experiment when absent. */
function experimentIdOf(body: { experiment_id?: string | undefined }): string {
  return body.experiment_id !== undefined && body.experiment_id !== '' ? body.experiment_id : DEFAULT_EXPERIMENT_ID;
}
const metricPoint = {
  key: requiredString,
  value: double,
  timestamp: int64,
  step: int64.optional(),
};

const routes = {
  create: jsonPostRoute({
    path: `${PREFIX}/create`,
    summary: 'Create a run (in the Default experiment when experiment_id is absent)',
    tag: TAG,
    body: z.object({
      experiment_id: z.string().optional(),
      user_id: z.string().optional(),
      run_name: z.string().optional(),
      start_time: int64.optional(),
      tags: z.array(keyValue).optional(),
    }),
    response: z.object({ run: runJson }),
    access: { resource: 'experiment', permission: 'EDIT', idFrom: (body) => experimentIdOf(body) },
  }),
  get: queryGetRoute({
    path: `${PREFIX}/get`,
    summary: 'Get a run with its latest metrics, params, tags and inputs',
    tag: TAG,
    query: runId,
    response: z.object({ run: runJson }),
    access: runAccess('READ'),
  }),
  update: jsonPostRoute({
    path: `${PREFIX}/update`,
    summary: "Change a run's status, end time or name",
    tag: TAG,
    body: z.object({ ...runIdFields, status: runStatus.optional(), end_time: int64.optional(), run_name: z.string().optional() }),
    response: z.object({ run_info: runInfoJson }),
    access: runAccess('EDIT'),
  }),
  // MLflow's auth app: deleting and restoring a run need MANAGE ("can_delete").
  delete: jsonPostRoute({ path: `${PREFIX}/delete`, summary: 'Delete a run (restorable)', tag: TAG, body: runId, response: emptyObject, access: runAccess('MANAGE') }),
  restore: jsonPostRoute({ path: `${PREFIX}/restore`, summary: 'Restore a deleted run', tag: TAG, body: runId, response: emptyObject, access: runAccess('MANAGE') }),
  search: jsonPostRoute({
    path: `${PREFIX}/search`,
    summary: "Search the runs of experiments (filter: `metrics.acc > 0.9 and params.model = 'x'`, also OR and parentheses)",
    tag: TAG,
    body: z.object({
      experiment_ids: z.array(z.string()).optional(),
      filter: z.string().optional(),
      run_view_type: viewType.optional(),
      max_results: int32.optional(),
      order_by: z.array(z.string()).optional(),
      page_token: z.string().optional(),
    }),
    response: z.object({ runs: z.array(runJson).optional(), next_page_token: z.string().optional() }),
    access: { resource: 'experiment', permission: 'READ', idFrom: (body) => body.experiment_ids ?? [] },
  }),
  logMetric: jsonPostRoute({
    path: `${PREFIX}/log-metric`,
    summary: 'Log one metric point',
    tag: TAG,
    body: z.object({ ...runIdFields, ...metricPoint, model_id: z.string().optional(), dataset_name: z.string().optional(), dataset_digest: z.string().optional() }),
    response: emptyObject,
    access: runAccess('EDIT'),
  }),
  logParameter: jsonPostRoute({
    path: `${PREFIX}/log-parameter`,
    summary: 'Log a param (a param never changes once logged)',
    tag: TAG,
    body: z.object({ ...runIdFields, key: requiredString, value: z.string() }),
    response: emptyObject,
    access: runAccess('EDIT'),
  }),
  logBatch: jsonPostRoute({
    path: `${PREFIX}/log-batch`,
    summary: `Log metrics, params and tags at once (at most ${LIMITS.metricsPerBatch} metrics, ${LIMITS.paramsTagsPerBatch} params, ${LIMITS.paramsTagsPerBatch} tags, ${LIMITS.entitiesPerBatch} in all)`,
    tag: TAG,
    body: z.object({
      ...runIdFields,
      metrics: z.array(z.object(metricPoint)).optional(),
      params: z.array(keyValue).optional(),
      tags: z.array(keyValue).optional(),
    }),
    response: emptyObject,
    access: runAccess('EDIT'),
  }),
  setTag: jsonPostRoute({
    path: `${PREFIX}/set-tag`,
    summary: 'Set a tag on a run',
    tag: TAG,
    body: z.object({ ...runIdFields, key: requiredString, value: z.string() }),
    response: emptyObject,
    access: runAccess('EDIT'),
  }),
  deleteTag: jsonPostRoute({
    path: `${PREFIX}/delete-tag`,
    summary: 'Delete a tag of a run',
    tag: TAG,
    body: z.object({ ...runIdFields, key: requiredString }),
    response: emptyObject,
    access: runAccess('EDIT'),
  }),
  logInputs: jsonPostRoute({
    path: `${PREFIX}/log-inputs`,
    summary: "Record the datasets a run used (datasets stored in Assay, named by name and digest; the tag 'mlflow.data.context' gives the context)",
    tag: TAG,
    body: z.object({
      ...runIdFields,
      datasets: z
        .array(
          z.object({
            tags: z.array(keyValue).optional(),
            dataset: z.object({
              name: requiredString,
              digest: requiredString,
              source_type: z.string().optional(),
              source: z.string().optional(),
              schema: z.string().optional(),
              profile: z.string().optional(),
            }),
          }),
        )
        .optional(),
      models: z.array(z.object({ model_id: z.string() })).optional(),
    }),
    response: emptyObject,
    access: runAccess('EDIT'),
  }),
};

/** MLflow's per-request limits of log-batch (the store itself has none). */
function checkBatchLimits({ metrics = [], params = [], tags = [] }: Omit<LogBatchInput, 'runId'>): void {
  const split = 'Split it across several requests.';
  if (metrics.length > LIMITS.metricsPerBatch) {
    throw new InvalidParameterError(`A batch logging request can contain at most ${LIMITS.metricsPerBatch} metrics; got ${metrics.length}. ${split}`);
  }
  if (params.length > LIMITS.paramsTagsPerBatch) {
    throw new InvalidParameterError(`A batch logging request can contain at most ${LIMITS.paramsTagsPerBatch} params; got ${params.length}. ${split}`);
  }
  if (tags.length > LIMITS.paramsTagsPerBatch) {
    throw new InvalidParameterError(`A batch logging request can contain at most ${LIMITS.paramsTagsPerBatch} tags; got ${tags.length}. ${split}`);
  }
  const total = metrics.length + params.length + tags.length;
  if (total > LIMITS.entitiesPerBatch) {
    throw new InvalidParameterError(`A batch logging request can contain at most ${LIMITS.entitiesPerBatch} metrics, params and tags in all; got ${total}. ${split}`);
  }
}

/** MLflow's run routes (`/api/2.0/mlflow/runs/...`). */
export function createMlflowRunsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const tags = keyValuesToRecord(body.tags);
    // MLflow's clients name the run, its user and its parent by system tags too.
    const runName = body.run_name !== undefined && body.run_name !== '' ? body.run_name : tags[SYSTEM_TAGS.runName];
    const userId = body.user_id ?? tags[SYSTEM_TAGS.user];
    const parentRunId = tags[SYSTEM_TAGS.parentRunId];
    const run = await store.createRun({
      experimentId: experimentIdOf(body),
      ...(runName !== undefined ? { runName } : {}),
      ...(userId !== undefined ? { userId } : {}),
      ...(parentRunId !== undefined ? { parentRunId } : {}),
      ...(body.start_time !== undefined ? { startTime: body.start_time } : {}),
      tags,
    });
    return c.json({ run: toMlflowRun(run) }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const run = await store.getRun({ runId: requireRunId(c.req.valid('query')) });
    return c.json({ run: toMlflowRun(run) }, 200);
  });

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    const info = await store.updateRun({
      runId: requireRunId(body),
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.end_time !== undefined ? { endTime: body.end_time } : {}),
      ...(body.run_name !== undefined && body.run_name !== '' ? { runName: body.run_name } : {}),
    });
    return c.json({ run_info: toMlflowRunInfo(info) }, 200);
  });

  router.openapi(routes.delete, async (c) => {
    await store.deleteRun({ runId: requireRunId(c.req.valid('json')) });
    return c.json({}, 200);
  });

  router.openapi(routes.restore, async (c) => {
    await store.restoreRun({ runId: requireRunId(c.req.valid('json')) });
    return c.json({}, 200);
  });

  router.openapi(routes.search, async (c) => {
    const body = c.req.valid('json');
    const result = await store.searchRuns({
      experimentIds: body.experiment_ids ?? [],
      ...toSearchOptions(body),
      ...(body.run_view_type !== undefined ? { viewType: body.run_view_type } : {}),
    });
    return c.json(toSearchAnswer('runs', result.runs.map(toMlflowRun), result.nextPageToken), 200);
  });

  const logBatch = async (input: LogBatchInput) => {
    checkBatchLimits(input);
    await store.logBatch(input);
  };

  router.openapi(routes.logMetric, async (c) => {
    const body = c.req.valid('json');
    await logBatch({ runId: requireRunId(body), metrics: [{ key: body.key, value: body.value, timestamp: body.timestamp, step: body.step ?? 0 }] });
    return c.json({}, 200);
  });

  router.openapi(routes.logParameter, async (c) => {
    const body = c.req.valid('json');
    await logBatch({ runId: requireRunId(body), params: [{ key: body.key, value: body.value }] });
    return c.json({}, 200);
  });

  router.openapi(routes.logBatch, async (c) => {
    const body = c.req.valid('json');
    await logBatch({
      runId: requireRunId(body),
      metrics: (body.metrics ?? []).map((metric) => ({ key: metric.key, value: metric.value, timestamp: metric.timestamp, step: metric.step ?? 0 })),
      params: body.params ?? [],
      tags: body.tags ?? [],
    });
    return c.json({}, 200);
  });

  router.openapi(routes.setTag, async (c) => {
    const body = c.req.valid('json');
    await logBatch({ runId: requireRunId(body), tags: [{ key: body.key, value: body.value }] });
    return c.json({}, 200);
  });

  router.openapi(routes.deleteTag, async (c) => {
    const body = c.req.valid('json');
    await store.deleteTag({ runId: requireRunId(body), key: body.key });
    return c.json({}, 200);
  });

  router.openapi(routes.logInputs, async (c) => {
    const body = c.req.valid('json');
    const runId = requireRunId(body);
    if ((body.models ?? []).length > 0) {
      throw new AssayError('NOT_IMPLEMENTED', 'Model inputs (MLflow 3 logged models) are not supported by this server yet; log the datasets alone.');
    }
    const inputs = [];
    for (const { dataset, tags } of body.datasets ?? []) {
      const context = keyValuesToRecord(tags)[DATASET_CONTEXT_TAG];
      const version = await findDatasetVersion({ store, name: dataset.name, digest: dataset.digest });
      inputs.push({ datasetName: dataset.name, datasetVersion: version, ...(context !== undefined ? { context } : {}) });
    }
    if (inputs.length > 0) await store.logRunInputs({ runId, inputs });
    else await store.getRun({ runId });
    return c.json({}, 200);
  });

  return router;
}
