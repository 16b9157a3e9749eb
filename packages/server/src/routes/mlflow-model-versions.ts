import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { collectReadablePage } from '../auth/collect-readable-page.js';
import { requestAccess } from '../auth/request-access.js';
import { toMlflowModelVersion } from '../convert/to-mlflow-registered-model.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import { MODEL_VERSION_STATUSES, type ModelVersionStatus } from '@assay/core';
import { modelVersionJson } from '../schemas/mlflow-registry-entities.js';
import { registryChangeNoteFields as note } from '../schemas/assay-registry-entities.js';
import { changeNoteOfRequest, withChangeNote } from '../registry/change-note-of-request.js';
import { emptyObject, int32, keyValue, keyValuesToRecord, queryStringList, requiredString, toSearchAnswer, toSearchOptions } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonBodyRoute, queryGetRoute } from './define-route.js';
import { modelAccess } from './mlflow-registered-models.js';

const TAG = 'MLflow model registry';
const PREFIX = `${MLFLOW_API_PREFIX}/model-versions`;

// A string on MLflow's wire; a JSON number is taken too.
const versionNumber = z
  .union([requiredString, z.number().int()])
  .transform((value) => String(value))
  .openapi({ type: 'string', example: '3' });
const version = { name: requiredString, version: versionNumber };
const versionQuery = { name: requiredString, version: requiredString.openapi({ example: '3' }) };
const versionAnswer = z.object({ model_version: modelVersionJson });

const routes = {
  create: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/create`,
    summary: "Register a new version of a model (the model's next number)",
    tag: TAG,
    body: z.object({
      name: requiredString,
      // Checked by the store, whose message says what a source is.
      source: z.string(),
      run_id: z.string().optional(),
      run_link: z.string().optional(),
      description: z.string().optional(),
      tags: z.array(keyValue).optional(),
      // Checked by the store (its message names the statuses).
      status: z.string().optional().openapi({ description: 'Assay: PENDING_REGISTRATION for a registration that finishes later (default READY).', enum: [...MODEL_VERSION_STATUSES] }),
      status_message: z.string().optional().openapi({ description: 'Assay: what the status means.' }),
      ...note,
    }),
    response: versionAnswer,
    // EDIT on the model, and READ on the run's experiment when a run is named (its artifact URI becomes readable through the version).
    access: { allOf: [modelAccess('EDIT'), { resource: 'run', permission: 'READ', idFrom: (body) => (body.run_id !== undefined && body.run_id !== '' ? [body.run_id] : []) }] },
  }),
  get: queryGetRoute({ path: `${PREFIX}/get`, summary: 'Get a model version', tag: TAG, query: z.object(versionQuery), response: versionAnswer, access: modelAccess('READ') }),
  update: jsonBodyRoute({
    method: 'patch',
    path: `${PREFIX}/update`,
    summary: "Set a version's description (and, Assay, finish a pending registration's status)",
    tag: TAG,
    body: z.object({
      ...version,
      description: z.string().optional(),
      status: z.string().optional().openapi({ description: 'Assay: READY or FAILED_REGISTRATION, for a PENDING_REGISTRATION version.', enum: [...MODEL_VERSION_STATUSES] }),
      status_message: z.string().optional().openapi({ description: 'Assay: replaces the status message.' }),
      ...note,
    }),
    response: versionAnswer,
    access: modelAccess('EDIT'),
  }),
  delete: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/delete`,
    summary: 'Delete a version and the aliases pointing at it (its number is not given again)',
    tag: TAG,
    body: z.object({ ...version, ...note }),
    response: emptyObject,
    access: modelAccess('MANAGE'),
  }),
  search: queryGetRoute({
    path: `${PREFIX}/search`,
    summary: "Search model versions (filter: `name = 'chat' AND run_id = '...'`, tags.<key>, also OR and parentheses)",
    tag: TAG,
    query: z.object({ filter: z.string().optional(), max_results: int32.optional(), order_by: queryStringList.optional(), page_token: z.string().optional() }),
    response: z.object({ model_versions: z.array(modelVersionJson).optional(), next_page_token: z.string().optional() }),
    // The handler leaves out the versions of models the user cannot read.
    access: 'authenticated',
  }),
  setTag: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/set-tag`,
    summary: 'Set a tag on a model version',
    tag: TAG,
    body: z.object({ ...version, key: requiredString, value: z.string(), ...note }),
    response: emptyObject,
    access: modelAccess('EDIT'),
  }),
  deleteTag: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/delete-tag`,
    summary: 'Delete a tag of a model version',
    tag: TAG,
    body: z.object({ ...version, key: requiredString, ...note }),
    response: emptyObject,
    access: modelAccess('EDIT'),
  }),
  transitionStage: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/transition-stage`,
    summary: 'Move a version to a stage (None, Staging, Production, Archived); stages are deprecated, use aliases',
    tag: TAG,
    body: z.object({ ...version, stage: requiredString, archive_existing_versions: z.boolean().optional(), ...note }),
    response: versionAnswer,
    access: modelAccess('EDIT'),
  }),
  downloadUri: queryGetRoute({
    path: `${PREFIX}/get-download-uri`,
    summary: "Where a version's files are (a runs:/ source resolved to the run's artifact URI)",
    tag: TAG,
    query: z.object(versionQuery),
    response: z.object({ artifact_uri: z.string() }),
    access: modelAccess('READ'),
  }),
};

/** MLflow's model-versions/search page size when the client gives none. */
const DEFAULT_SEARCH_PAGE = 200_000;

/** MLflow's model-version routes (`/api/2.0/mlflow/model-versions/...`). */
export function createMlflowModelVersionsRouter({ registry }: ServerContext): OpenAPIHono {
  const router = createRouter();
  const store = () => requireRegistry(registry);

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const created = await store().createModelVersion({
      name: body.name,
      ...changeNoteOfRequest(requestAccess(c), body),
      source: body.source,
      ...(body.run_id !== undefined && body.run_id !== '' ? { runId: body.run_id } : {}),
      ...(body.run_link !== undefined && body.run_link !== '' ? { runLink: body.run_link } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.tags !== undefined ? { tags: keyValuesToRecord(body.tags) } : {}),
      ...(body.status !== undefined ? { status: body.status as ModelVersionStatus } : {}),
      ...(body.status_message !== undefined ? { statusMessage: body.status_message } : {}),
    });
    return c.json({ model_version: toMlflowModelVersion(created) }, 200);
  });

  router.openapi(routes.get, async (c) => c.json({ model_version: toMlflowModelVersion(await store().getModelVersion(c.req.valid('query'))) }, 200));

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    // Without a description or status the store refuses, as a local one.
    const updated = await store().updateModelVersion({
      name: body.name,
      ...changeNoteOfRequest(requestAccess(c), body),
      version: body.version,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.status !== undefined ? { status: body.status as ModelVersionStatus } : {}),
      ...(body.status_message !== undefined ? { statusMessage: body.status_message } : {}),
    });
    return c.json({ model_version: toMlflowModelVersion(updated) }, 200);
  });

  router.openapi(routes.delete, async (c) => {
    await store().deleteModelVersion(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.search, async (c) => {
    const query = c.req.valid('query');
    const access = requestAccess(c);
    const options = toSearchOptions({ filter: query.filter, order_by: query.order_by });
    const page = await collectReadablePage({
      maxResults: query.max_results ?? DEFAULT_SEARCH_PAGE,
      pageToken: query.page_token !== undefined && query.page_token !== '' ? query.page_token : undefined,
      fetchPage: ({ maxResults, pageToken }) => store().searchModelVersions({ ...options, maxResults, ...(pageToken !== undefined ? { pageToken } : {}) }),
      readable: (found) => access.canReadModel(found.name),
    });
    return c.json(toSearchAnswer('model_versions', page.items.map(toMlflowModelVersion), page.nextPageToken), 200);
  });

  router.openapi(routes.setTag, async (c) => {
    await store().setModelVersionTag(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.deleteTag, async (c) => {
    await store().deleteModelVersionTag(withChangeNote(requestAccess(c), c.req.valid('json')));
    return c.json({}, 200);
  });

  router.openapi(routes.transitionStage, async (c) => {
    const body = c.req.valid('json');
    const moved = await store().transitionModelVersionStage({
      name: body.name,
      ...changeNoteOfRequest(requestAccess(c), body),
      version: body.version,
      stage: body.stage,
      ...(body.archive_existing_versions !== undefined ? { archiveExistingVersions: body.archive_existing_versions } : {}),
    });
    return c.json({ model_version: toMlflowModelVersion(moved) }, 200);
  });

  router.openapi(routes.downloadUri, async (c) => c.json({ artifact_uri: await store().getModelVersionDownloadUri(c.req.valid('query')) }, 200));

  return router;
}
