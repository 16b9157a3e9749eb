import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RequiredPermission } from '../auth/permission.js';
import { collectReadablePage } from '../auth/collect-readable-page.js';
import { requestAccess, type RequestAccess } from '../auth/request-access.js';
import type { ResourceAccess } from '../auth/route-access.js';
import { toMlflowModelVersion, toMlflowRegisteredModel } from '../convert/to-mlflow-registered-model.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import { modelVersionJson, registeredModelJson } from '../schemas/mlflow-registry-entities.js';
import { registryChangeNoteFields as note } from '../schemas/assay-registry-entities.js';
import { changeNoteOfRequest, withChangeNote } from '../registry/change-note-of-request.js';
import { emptyObject, int32, keyValue, keyValuesToRecord, queryStringList, requiredString, toSearchAnswer, toSearchOptions } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonBodyRoute, queryGetRoute } from './define-route.js';

const TAG = 'MLflow model registry';
const PREFIX = `${MLFLOW_API_PREFIX}/registered-models`;

/** A permission on the registered model a request's `name` names. */
export function modelAccess(permission: RequiredPermission): ResourceAccess<{ name: string }> {
  return { resource: 'registered-model', permission, idFrom: (input) => input.name };
}

const name = { name: requiredString };
const modelAnswer = z.object({ registered_model: registeredModelJson });
const versionsAnswer = z.object({ model_versions: z.array(modelVersionJson).optional() });
const searchFields = { filter: z.string().optional(), max_results: int32.optional(), page_token: z.string().optional() };

const routes = {
  create: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/create`,
    summary: 'Create a registered model (no versions yet)',
    tag: TAG,
    body: z.object({ ...name, tags: z.array(keyValue).optional(), description: z.string().optional(), ...note }),
    response: modelAnswer,
    // As MLflow's: anyone signed in may create one, and gets MANAGE on it.
    access: 'authenticated',
  }),
  get: queryGetRoute({ path: `${PREFIX}/get`, summary: 'Get a registered model by name', tag: TAG, query: z.object(name), response: modelAnswer, access: modelAccess('READ') }),
  rename: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/rename`,
    summary: 'Rename a registered model (its versions, tags, aliases and permissions follow it)',
    tag: TAG,
    body: z.object({ ...name, new_name: requiredString, ...note }),
    response: modelAnswer,
    access: modelAccess('EDIT'),
  }),
  update: jsonBodyRoute({
    method: 'patch',
    path: `${PREFIX}/update`,
    summary: "Set a registered model's description ('' clears it)",
    tag: TAG,
    body: z.object({ ...name, description: z.string(), ...note }),
    response: modelAnswer,
    access: modelAccess('EDIT'),
  }),
  delete: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/delete`,
    summary: 'Delete a registered model with its versions, tags, aliases and permissions',
    tag: TAG,
    body: z.object({ ...name, ...note }),
    response: emptyObject,
    access: modelAccess('MANAGE'),
  }),
  search: queryGetRoute({
    path: `${PREFIX}/search`,
    summary: "Search registered models (filter: `name LIKE 'chat%' AND tags.team = 'ml'`, also OR and parentheses)",
    tag: TAG,
    query: z.object({ ...searchFields, order_by: queryStringList.optional() }),
    response: z.object({ registered_models: z.array(registeredModelJson).optional(), next_page_token: z.string().optional() }),
    // The handler leaves out the models the user cannot read.
    access: 'authenticated',
  }),
  latestVersionsPost: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/get-latest-versions`,
    summary: 'The newest version in each stage asked (all by default); stages are deprecated, use aliases',
    tag: TAG,
    body: z.object({ ...name, stages: z.array(z.string()).optional() }),
    response: versionsAnswer,
    access: modelAccess('READ'),
  }),
  latestVersionsGet: queryGetRoute({
    path: `${PREFIX}/get-latest-versions`,
    summary: 'The newest version in each stage asked (query-string form)',
    tag: TAG,
    query: z.object({ ...name, stages: queryStringList.optional() }),
    response: versionsAnswer,
    access: modelAccess('READ'),
  }),
  setTag: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/set-tag`,
    summary: 'Set a tag on a registered model',
    tag: TAG,
    body: z.object({ ...name, key: requiredString, value: z.string(), ...note }),
    response: emptyObject,
    access: modelAccess('EDIT'),
  }),
  deleteTag: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/delete-tag`,
    summary: 'Delete a tag of a registered model',
    tag: TAG,
    body: z.object({ ...name, key: requiredString, ...note }),
    response: emptyObject,
    access: modelAccess('EDIT'),
  }),
  setAlias: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/alias`,
    summary: 'Point an alias (e.g. champion) at a version, moving it from any other',
    tag: TAG,
    body: z.object({ ...name, alias: requiredString, version: requiredString, ...note }),
    response: emptyObject,
    access: modelAccess('EDIT'),
  }),
  deleteAlias: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/alias`,
    summary: 'Remove an alias',
    tag: TAG,
    body: z.object({ ...name, alias: requiredString, ...note }),
    response: emptyObject,
    access: modelAccess('EDIT'),
  }),
  getByAlias: queryGetRoute({
    path: `${PREFIX}/alias`,
    summary: 'The version an alias points at',
    tag: TAG,
    query: z.object({ ...name, alias: requiredString }),
    response: z.object({ model_version: modelVersionJson }),
    access: modelAccess('READ'),
  }),
};

/** MLflow's registered-models/search page size when the client gives none. */
const DEFAULT_SEARCH_PAGE = 100;

/** MLflow's registered-model routes (`/api/2.0/mlflow/registered-models/...`). */
export function createMlflowRegisteredModelsRouter({ registry, users }: ServerContext): OpenAPIHono {
  const router = createRouter();
  const store = () => requireRegistry(registry);

  const latestVersions = async (request: { name: string; stages?: string[] | undefined }) => {
    const versions = await store().getLatestVersions({ name: request.name, ...(request.stages !== undefined ? { stages: request.stages } : {}) });
    return versions.length > 0 ? { model_versions: versions.map(toMlflowModelVersion) } : {};
  };

  // As for experiments: the models the user cannot read are left out, and the page filled from the next ones.
  const search = async (request: { filter?: string | undefined; order_by?: string[] | undefined; max_results?: number | undefined; page_token?: string | undefined }, access: RequestAccess) => {
    const options = toSearchOptions({ filter: request.filter, order_by: request.order_by });
    const page = await collectReadablePage({
      maxResults: request.max_results ?? DEFAULT_SEARCH_PAGE,
      pageToken: request.page_token !== undefined && request.page_token !== '' ? request.page_token : undefined,
      fetchPage: ({ maxResults, pageToken }) => store().searchRegisteredModels({ ...options, maxResults, ...(pageToken !== undefined ? { pageToken } : {}) }),
      readable: (model) => access.canReadModel(model.name),
    });
    return toSearchAnswer('registered_models', page.items.map(toMlflowRegisteredModel), page.nextPageToken);
  };

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const model = await store().createRegisteredModel({
      name: body.name,
      ...changeNoteOfRequest(requestAccess(c), body),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.tags !== undefined ? { tags: keyValuesToRecord(body.tags) } : {}),
    });
    await requestAccess(c).grantModelCreator(model.name);
    return c.json({ registered_model: toMlflowRegisteredModel(model) }, 200);
  });

  router.openapi(routes.get, async (c) => c.json({ registered_model: toMlflowRegisteredModel(await store().getRegisteredModel({ name: c.req.valid('query').name })) }, 200));

  router.openapi(routes.rename, async (c) => {
    const body = c.req.valid('json');
    const model = await store().renameRegisteredModel({ name: body.name, newName: body.new_name, ...changeNoteOfRequest(requestAccess(c), body) });
    await users?.renameRegisteredModelPermissions({ name: body.name, newName: model.name });
    return c.json({ registered_model: toMlflowRegisteredModel(model) }, 200);
  });

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    const model = await store().updateRegisteredModel({ name: body.name, description: body.description, ...changeNoteOfRequest(requestAccess(c), body) });
    return c.json({ registered_model: toMlflowRegisteredModel(model) }, 200);
  });

  router.openapi(routes.delete, async (c) => {
    const body = c.req.valid('json');
    const modelName = body.name;
    await store().deleteRegisteredModel({ name: modelName, ...changeNoteOfRequest(requestAccess(c), body) });
    await users?.deleteRegisteredModelPermissions(modelName);
    return c.json({}, 200);
  });

  router.openapi(routes.search, async (c) => c.json(await search(c.req.valid('query'), requestAccess(c)), 200));
  router.openapi(routes.latestVersionsPost, async (c) => c.json(await latestVersions(c.req.valid('json')), 200));
  router.openapi(routes.latestVersionsGet, async (c) => c.json(await latestVersions(c.req.valid('query')), 200));

  router.openapi(routes.setTag, async (c) => {
    await store().setRegisteredModelTag(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.deleteTag, async (c) => {
    await store().deleteRegisteredModelTag(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.setAlias, async (c) => {
    await store().setRegisteredModelAlias(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.deleteAlias, async (c) => {
    await store().deleteRegisteredModelAlias(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.getByAlias, async (c) => c.json({ model_version: toMlflowModelVersion(await store().getModelVersionByAlias(c.req.valid('query'))) }, 200));

  return router;
}
