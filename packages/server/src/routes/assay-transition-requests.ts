import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { TRANSITION_REQUEST_STATUSES, type TransitionRequestStatus } from '@assay/core';
import { collectReadablePage } from '../auth/collect-readable-page.js';
import { requestAccess } from '../auth/request-access.js';
import type { ResourceAccess } from '../auth/route-access.js';
import { toAssayTransitionRequest } from '../convert/to-assay-registry-json.js';
import { changeNoteOfRequest } from '../registry/change-note-of-request.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import { registryChangeNoteFields, transitionRequestJson } from '../schemas/assay-registry-entities.js';
import { int32, requiredString, toSearchAnswer } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, queryGetRoute } from './define-route.js';
import { ASSAY_REGISTRY_TAG } from './assay-registry-events.js';
import { modelAccess } from './mlflow-registered-models.js';

const PREFIX = `${ASSAY_API_PREFIX}/transition-requests`;

// Strings on the wire (as MLflow's versions); a JSON number is taken too. The store checks them.
const numberAsString = (example: string) =>
  z
    .union([requiredString, z.number().int()])
    .transform((value) => String(value))
    .openapi({ type: 'string', example });

const requestAnswer = z.object({ transition_request: transitionRequestJson });
const decision = z.object({ id: numberAsString('7'), ...registryChangeNoteFields });

/** MANAGE on the model the request (by its id) is on: to approve or reject it. */
const manageRequestedModel: ResourceAccess<{ id: string }> = { resource: 'transition-request', permission: 'MANAGE', idFrom: (body) => body.id };

/** READ on the model the request (by its id) is on: to see it, as one may see the model's versions. */
const readRequestedModel: ResourceAccess<{ id: string }> = { resource: 'transition-request', permission: 'READ', idFrom: (query) => query.id };

const routes = {
  create: jsonPostRoute({
    path: `${PREFIX}/create`,
    summary: 'Ask for a stage change or alias move of a version (needed on a protected model); another user with MANAGE approves it',
    tag: ASSAY_REGISTRY_TAG,
    body: z.object({
      name: requiredString,
      version: numberAsString('3'),
      stage: z.string().optional().openapi({ description: 'The stage asked for (None, Staging, Production, Archived; case-insensitive). A request asks for a stage or an alias.' }),
      alias: z.string().optional().openapi({ description: 'The alias asked to point at the version.' }),
      archive_existing_versions: z.boolean().optional().openapi({ description: "With Staging or Production: archive the model's other versions there when approved." }),
      ...registryChangeNoteFields,
    }),
    response: requestAnswer,
    access: modelAccess('EDIT'),
  }),
  approve: jsonPostRoute({
    path: `${PREFIX}/approve`,
    summary: 'Approve a pending request and make its change, as the approver (who may not be the requester)',
    tag: ASSAY_REGISTRY_TAG,
    body: decision,
    response: requestAnswer,
    access: manageRequestedModel,
  }),
  reject: jsonPostRoute({
    path: `${PREFIX}/reject`,
    summary: 'Reject a pending request, changing nothing (its requester may withdraw it this way)',
    tag: ASSAY_REGISTRY_TAG,
    body: decision,
    response: requestAnswer,
    // READ to reach the handler, which asks MANAGE of anyone but the requester.
    access: { ...readRequestedModel, description: "MANAGE on the transition request's registered model, or being its requester" },
  }),
  get: queryGetRoute({
    path: `${PREFIX}/get`,
    summary: 'One transition request by its id, whatever its status (a link a reviewer opens; how a client reads a decision)',
    tag: ASSAY_REGISTRY_TAG,
    // Checked by the store, so that a bad id gets the message a local store gives.
    query: z.object({ id: z.string().openapi({ description: "The request's id, a positive integer.", example: '7' }) }),
    response: requestAnswer,
    access: readRequestedModel,
  }),
  list: queryGetRoute({
    path: PREFIX,
    summary: "Transition requests, oldest first: one model's or every readable model's, pending ones by default",
    tag: ASSAY_REGISTRY_TAG,
    query: z.object({
      name: requiredString.optional(),
      // Checked by the store (its message names the statuses).
      status: z.string().optional().openapi({ description: 'Default PENDING.', enum: [...TRANSITION_REQUEST_STATUSES] }),
      max_results: int32.optional().openapi({ description: 'Page size from 1 to 1000; default 100.' }),
      page_token: z.string().optional(),
    }),
    response: z.object({ transition_requests: z.array(transitionRequestJson).optional(), next_page_token: z.string().optional() }),
    // With a name, READ on that model; without, the handler leaves out the requests on models the user cannot read.
    access: {
      resource: 'registered-model',
      permission: 'READ',
      idFrom: (query) => (query.name === undefined ? [] : [query.name]),
      description: 'With a name, READ on that registered model; without, any signed-in user, who sees the requests on the models they may read',
    },
  }),
};

/** The default page of listTransitionRequests. */
const DEFAULT_PAGE = 100;

/** Transition requests (`/api/assay/v1/transition-requests`): RegistryStore's createTransitionRequest, approve, reject, get and list. */
export function createAssayTransitionRequestsRouter({ registry }: ServerContext): OpenAPIHono {
  const router = createRouter();
  const store = () => requireRegistry(registry);

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const note = changeNoteOfRequest(requestAccess(c), body);
    const request = await store().createTransitionRequest({
      name: body.name,
      version: body.version,
      ...(body.stage !== undefined ? { stage: body.stage } : {}),
      ...(body.alias !== undefined ? { alias: body.alias } : {}),
      ...(body.archive_existing_versions !== undefined ? { archiveExistingVersions: body.archive_existing_versions } : {}),
      ...note,
      // Without one (auth off, none sent) the store refuses, naming the field.
      actor: note.actor as string,
    });
    return c.json({ transition_request: toAssayTransitionRequest(request) }, 200);
  });

  router.openapi(routes.approve, async (c) => {
    const body = c.req.valid('json');
    const note = changeNoteOfRequest(requestAccess(c), body);
    const request = await store().approveTransitionRequest({ id: body.id, ...note, actor: note.actor as string });
    return c.json({ transition_request: toAssayTransitionRequest(request) }, 200);
  });

  router.openapi(routes.reject, async (c) => {
    const body = c.req.valid('json');
    const access = requestAccess(c);
    // Whoever filed a request may withdraw it; anyone else needs MANAGE, as to approve it.
    if (access.user !== undefined && (await store().getTransitionRequest({ id: body.id })).requestedBy !== access.user.username) {
      await access.check(manageRequestedModel, body);
    }
    const note = changeNoteOfRequest(access, body);
    const request = await store().rejectTransitionRequest({ id: body.id, ...note, actor: note.actor as string });
    return c.json({ transition_request: toAssayTransitionRequest(request) }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const request = await store().getTransitionRequest({ id: c.req.valid('query').id });
    return c.json({ transition_request: toAssayTransitionRequest(request) }, 200);
  });

  router.openapi(routes.list, async (c) => {
    const query = c.req.valid('query');
    const access = requestAccess(c);
    const page = await collectReadablePage({
      maxResults: query.max_results ?? DEFAULT_PAGE,
      pageToken: query.page_token !== undefined && query.page_token !== '' ? query.page_token : undefined,
      fetchPage: ({ maxResults, pageToken }) =>
        store().listTransitionRequests({
          ...(query.name !== undefined ? { name: query.name } : {}),
          ...(query.status !== undefined ? { status: query.status as TransitionRequestStatus } : {}),
          maxResults,
          ...(pageToken !== undefined ? { pageToken } : {}),
        }),
      readable: (request) => access.canReadModel(request.name),
    });
    return c.json(toSearchAnswer('transition_requests', page.items.map(toAssayTransitionRequest), page.nextPageToken), 200);
  });

  return router;
}
