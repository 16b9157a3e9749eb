import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { InvalidParameterError, NotFoundError, normalizeArtifactPath } from '@assay/core';
import { toMlflowExperiment } from '../convert/to-mlflow-experiment.js';
import { experimentJson } from '../schemas/mlflow-entities.js';
import { emptyObject, int32, keyValue, keyValuesToRecord, queryStringList, requiredString, toSearchAnswer, toSearchOptions, viewType } from '../schemas/mlflow-fields.js';
import type { RequiredPermission } from '../auth/permission.js';
import { collectReadablePage } from '../auth/collect-readable-page.js';
import { requestAccess, type RequestAccess } from '../auth/request-access.js';
import type { RouteAccess } from '../auth/route-access.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, queryGetRoute } from './define-route.js';

const TAG = 'MLflow experiments';
const PREFIX = `${MLFLOW_API_PREFIX}/experiments`;

const experimentId = z.object({ experiment_id: requiredString });
const searchFields = {
  max_results: int32.optional(),
  page_token: z.string().optional(),
  filter: z.string().optional(),
  view_type: viewType.optional(),
};
/** A permission on the experiment a request body's `experiment_id` names. */
function experimentAccess(permission: RequiredPermission): RouteAccess<{ experiment_id: string }> {
  return { resource: 'experiment', permission, idFrom: (body) => body.experiment_id };
}

const searchResponse = z.object({ experiments: z.array(experimentJson).optional(), next_page_token: z.string().optional() });

const routes = {
  create: jsonPostRoute({
    path: `${PREFIX}/create`,
    summary: 'Create an experiment',
    tag: TAG,
    body: z.object({ name: requiredString, artifact_location: z.string().optional(), tags: z.array(keyValue).optional() }),
    response: z.object({ experiment_id: z.string() }),
    // As MLflow's: anyone signed in may create one, and gets MANAGE on it.
    access: 'authenticated',
  }),
  get: queryGetRoute({
    path: `${PREFIX}/get`,
    summary: 'Get an experiment by id',
    tag: TAG,
    query: experimentId,
    response: z.object({ experiment: experimentJson }),
    access: { resource: 'experiment', permission: 'READ', idFrom: (query) => query.experiment_id },
  }),
  getByName: queryGetRoute({
    path: `${PREFIX}/get-by-name`,
    summary: 'Get an experiment by name (active or deleted)',
    tag: TAG,
    query: z.object({ experiment_name: requiredString }),
    response: z.object({ experiment: experimentJson }),
    access: { resource: 'experiment-name', permission: 'READ', idFrom: (query) => query.experiment_name },
  }),
  searchPost: jsonPostRoute({
    path: `${PREFIX}/search`,
    summary: "Search experiments (filter: `name LIKE 'x%' AND tags.k = 'v'`, also OR and parentheses)",
    tag: TAG,
    body: z.object({ ...searchFields, order_by: z.array(z.string()).optional() }),
    response: searchResponse,
    // The handler leaves out the experiments the user cannot read.
    access: 'authenticated',
  }),
  searchGet: queryGetRoute({
    path: `${PREFIX}/search`,
    summary: 'Search experiments (query-string form)',
    tag: TAG,
    query: z.object({ ...searchFields, order_by: queryStringList.optional() }),
    response: searchResponse,
    access: 'authenticated',
  }),
  update: jsonPostRoute({
    path: `${PREFIX}/update`,
    summary: 'Rename an experiment',
    tag: TAG,
    body: z.object({ experiment_id: requiredString, new_name: z.string().optional() }),
    response: emptyObject,
    access: experimentAccess('EDIT'),
  }),
  delete: jsonPostRoute({
    path: `${PREFIX}/delete`,
    summary: 'Delete an experiment and its runs (restorable)',
    tag: TAG,
    body: experimentId,
    response: emptyObject,
    access: experimentAccess('MANAGE'),
  }),
  restore: jsonPostRoute({ path: `${PREFIX}/restore`, summary: 'Restore a deleted experiment', tag: TAG, body: experimentId, response: emptyObject, access: experimentAccess('MANAGE') }),
  setTag: jsonPostRoute({
    path: `${PREFIX}/set-experiment-tag`,
    summary: 'Set a tag on an experiment',
    tag: TAG,
    body: z.object({ experiment_id: requiredString, key: requiredString, value: z.string() }),
    response: emptyObject,
    access: experimentAccess('EDIT'),
  }),
  deleteTag: jsonPostRoute({
    path: `${PREFIX}/delete-experiment-tag`,
    summary: 'Delete a tag of an experiment',
    tag: TAG,
    body: z.object({ experiment_id: requiredString, key: requiredString }),
    response: emptyObject,
    access: experimentAccess('EDIT'),
  }),
};

const PROXY_SCHEME = 'mlflow-artifacts:';

/**
 * A client's artifact location, which must stay under the server's artifact
 * root (an `mlflow-artifacts:/` URI): a remote client must not point the
 * server's file access at paths of its own choosing.
 */
function checkArtifactLocation(location: string): string {
  if (!location.startsWith(PROXY_SCHEME)) {
    throw new InvalidParameterError(
      `Invalid value '${location.slice(0, 200)}' for parameter 'artifact_location' supplied: the server keeps artifacts under its own root; ` +
        "give an 'mlflow-artifacts:/<folder>' URI or leave it out.",
    );
  }
  normalizeArtifactPath(location.slice(PROXY_SCHEME.length).replace(/^\/+/u, ''));
  return location;
}

/** The store's page size when the client gives none (MLflow's experiments/search default). */
const DEFAULT_SEARCH_PAGE = 1000;

type SearchRequest = { max_results?: number; page_token?: string; filter?: string; view_type?: z.infer<typeof viewType>; order_by?: string[] };

/** MLflow's experiment routes (`/api/2.0/mlflow/experiments/...`). */
export function createMlflowExperimentsRouter({ store, otlpExperiments }: ServerContext): OpenAPIHono {
  const router = createRouter();

  // As MLflow's auth app: the experiments the user cannot read are left out, and the page filled from the next ones.
  const search = async (request: SearchRequest, access: RequestAccess) => {
    // The page size and token are collectReadablePage's: each fetch asks for what is still missing.
    const options = toSearchOptions({ filter: request.filter, order_by: request.order_by });
    const page = await collectReadablePage({
      maxResults: request.max_results ?? DEFAULT_SEARCH_PAGE,
      pageToken: request.page_token !== undefined && request.page_token !== '' ? request.page_token : undefined,
      fetchPage: ({ maxResults, pageToken }) =>
        store.searchExperiments({
          ...options,
          maxResults,
          ...(pageToken !== undefined ? { pageToken } : {}),
          ...(request.view_type !== undefined ? { viewType: request.view_type } : {}),
        }),
      readable: (experiment) => access.canRead(experiment.experimentId),
    });
    return toSearchAnswer('experiments', page.items.map(toMlflowExperiment), page.nextPageToken);
  };

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const experimentId = await store.createExperiment({
      name: body.name,
      ...(body.artifact_location !== undefined && body.artifact_location !== '' ? { artifactLocation: checkArtifactLocation(body.artifact_location) } : {}),
      ...(body.tags !== undefined ? { tags: keyValuesToRecord(body.tags) } : {}),
    });
    await requestAccess(c).grantCreator(experimentId);
    return c.json({ experiment_id: experimentId }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const experiment = await store.getExperiment({ experimentId: c.req.valid('query').experiment_id });
    return c.json({ experiment: toMlflowExperiment(experiment) }, 200);
  });

  router.openapi(routes.getByName, async (c) => {
    const name = c.req.valid('query').experiment_name;
    const experiment = await store.getExperimentByName({ name });
    if (experiment === undefined) throw new NotFoundError(`Could not find experiment with name '${name}'.`);
    return c.json({ experiment: toMlflowExperiment(experiment) }, 200);
  });

  router.openapi(routes.searchPost, async (c) => c.json(await search(c.req.valid('json'), requestAccess(c)), 200));
  router.openapi(routes.searchGet, async (c) => c.json(await search(c.req.valid('query'), requestAccess(c)), 200));

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    if (body.new_name === undefined || body.new_name === '') await store.getExperiment({ experimentId: body.experiment_id });
    else {
      try {
        await store.renameExperiment({ experimentId: body.experiment_id, newName: body.new_name });
      } finally {
        otlpExperiments.forget();
      }
    }
    return c.json({}, 200);
  });

  router.openapi(routes.delete, async (c) => {
    try {
      await store.deleteExperiment({ experimentId: c.req.valid('json').experiment_id });
    } finally {
      otlpExperiments.forget();
    }
    return c.json({}, 200);
  });

  router.openapi(routes.restore, async (c) => {
    try {
      await store.restoreExperiment({ experimentId: c.req.valid('json').experiment_id });
    } finally {
      otlpExperiments.forget();
    }
    return c.json({}, 200);
  });

  router.openapi(routes.setTag, async (c) => {
    const { experiment_id: experimentId, key, value } = c.req.valid('json');
    await store.setExperimentTag({ experimentId, key, value });
    return c.json({}, 200);
  });

  router.openapi(routes.deleteTag, async (c) => {
    const { experiment_id: experimentId, key } = c.req.valid('json');
    await store.deleteExperimentTag({ experimentId, key });
    return c.json({}, 200);
  });

  return router;
}
