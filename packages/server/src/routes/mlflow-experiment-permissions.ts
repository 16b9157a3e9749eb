import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@assay/core';
import type { RouteAccess } from '../auth/route-access.js';
import { experimentPermissionJson, permissionJson } from '../schemas/mlflow-auth-entities.js';
import { emptyObject, requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonBodyRoute, queryGetRoute } from './define-route.js';
import { requireUserStore } from './mlflow-users.js';

const TAG = 'MLflow experiment permissions (auth)';
const PREFIX = `${MLFLOW_API_PREFIX}/experiments/permissions`;

const target = { experiment_id: requiredString, username: requiredString };
const withPermission = z.object({ ...target, permission: permissionJson });
// As MLflow's: granting and reading permissions on an experiment needs MANAGE on it.
const manage: RouteAccess<{ experiment_id: string }> = { resource: 'experiment', permission: 'MANAGE', idFrom: (input) => input.experiment_id };

const routes = {
  create: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/create`,
    summary: 'Grant a user a permission on an experiment (READ, EDIT, MANAGE or NO_PERMISSIONS)',
    tag: TAG,
    body: withPermission,
    response: z.object({ experiment_permission: experimentPermissionJson }),
    access: manage,
  }),
  get: queryGetRoute({
    path: `${PREFIX}/get`,
    summary: 'The permission granted to a user on an experiment (404 when none is: the default applies)',
    tag: TAG,
    query: z.object(target),
    response: z.object({ experiment_permission: experimentPermissionJson }),
    access: manage,
  }),
  update: jsonBodyRoute({ method: 'patch', path: `${PREFIX}/update`, summary: 'Change a granted permission', tag: TAG, body: withPermission, response: emptyObject, access: manage }),
  delete: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/delete`,
    summary: 'Take back a granted permission (the default applies again)',
    tag: TAG,
    body: z.object(target),
    response: emptyObject,
    access: manage,
  }),
};

/** MLflow's basic-auth experiment permission routes (`/api/2.0/mlflow/experiments/permissions/...`). */
export function createMlflowExperimentPermissionsRouter({ store, users }: ServerContext): OpenAPIHono {
  const router = createRouter();

  /** The user's id; NotFoundError for an unknown user or experiment. */
  const requireTarget = async ({ experiment_id: experimentId, username }: { experiment_id: string; username: string }): Promise<number> => {
    const user = await requireUserStore(users).getUser(username);
    if (user === undefined) throw new NotFoundError(`User '${username}' does not exist.`);
    await store.getExperiment({ experimentId });
    return user.id;
  };

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const userId = await requireTarget(body);
    await requireUserStore(users).setExperimentPermission({ username: body.username, experimentId: body.experiment_id, permission: body.permission, mode: 'create' });
    return c.json({ experiment_permission: { experiment_id: body.experiment_id, user_id: userId, permission: body.permission } }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const query = c.req.valid('query');
    const user = await requireUserStore(users).getUser(query.username);
    const permission = user !== undefined && Object.hasOwn(user.experimentPermissions, query.experiment_id) ? user.experimentPermissions[query.experiment_id] : undefined;
    if (user === undefined || permission === undefined) {
      throw new NotFoundError(`No permission is granted to user '${query.username}' on experiment '${query.experiment_id}' (the default applies).`);
    }
    return c.json({ experiment_permission: { experiment_id: query.experiment_id, user_id: user.id, permission } }, 200);
  });

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    await requireTarget(body);
    await requireUserStore(users).setExperimentPermission({ username: body.username, experimentId: body.experiment_id, permission: body.permission, mode: 'update' });
    return c.json({}, 200);
  });

  router.openapi(routes.delete, async (c) => {
    const body = c.req.valid('json');
    await requireUserStore(users).deleteExperimentPermission({ username: body.username, experimentId: body.experiment_id });
    return c.json({}, 200);
  });

  return router;
}
