import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@assay/core';
import { registeredModelPermissionJson, permissionJson } from '../schemas/mlflow-auth-entities.js';
import { emptyObject, requiredString } from '../schemas/mlflow-fields.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonBodyRoute, queryGetRoute } from './define-route.js';
import { modelAccess } from './mlflow-registered-models.js';
import { requireUserStore } from './mlflow-users.js';

const TAG = 'MLflow registered model permissions (auth)';
const PREFIX = `${MLFLOW_API_PREFIX}/registered-models/permissions`;

const target = { name: requiredString, username: requiredString };
const withPermission = z.object({ ...target, permission: permissionJson });
// As MLflow's: granting and reading permissions on a registered model needs MANAGE on it.
const manage = modelAccess('MANAGE');

const routes = {
  create: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/create`,
    summary: 'Grant a user a permission on a registered model (READ, EDIT, MANAGE or NO_PERMISSIONS)',
    tag: TAG,
    body: withPermission,
    response: z.object({ registered_model_permission: registeredModelPermissionJson }),
    access: manage,
  }),
  get: queryGetRoute({
    path: `${PREFIX}/get`,
    summary: 'The permission granted to a user on a registered model (404 when none is: the default applies)',
    tag: TAG,
    query: z.object(target),
    response: z.object({ registered_model_permission: registeredModelPermissionJson }),
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

/** MLflow's basic-auth registered model permission routes (`/api/2.0/mlflow/registered-models/permissions/...`). */
export function createMlflowRegisteredModelPermissionsRouter({ registry, users }: ServerContext): OpenAPIHono {
  const router = createRouter();

  /** The user's id; NotFoundError for an unknown user or model. */
  const requireTarget = async ({ name, username }: { name: string; username: string }): Promise<number> => {
    const user = await requireUserStore(users).getUser(username);
    if (user === undefined) throw new NotFoundError(`User '${username}' does not exist.`);
    await requireRegistry(registry).getRegisteredModel({ name });
    return user.id;
  };

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const userId = await requireTarget(body);
    await requireUserStore(users).setRegisteredModelPermission({ username: body.username, name: body.name, permission: body.permission, mode: 'create' });
    return c.json({ registered_model_permission: { name: body.name, user_id: userId, permission: body.permission } }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const query = c.req.valid('query');
    const user = await requireUserStore(users).getUser(query.username);
    const permission = user !== undefined && Object.hasOwn(user.registeredModelPermissions, query.name) ? user.registeredModelPermissions[query.name] : undefined;
    if (user === undefined || permission === undefined) {
      throw new NotFoundError(`No permission is granted to user '${query.username}' on registered model '${query.name}' (the default applies).`);
    }
    return c.json({ registered_model_permission: { name: query.name, user_id: user.id, permission } }, 200);
  });

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    await requireTarget(body);
    await requireUserStore(users).setRegisteredModelPermission({ username: body.username, name: body.name, permission: body.permission, mode: 'update' });
    return c.json({}, 200);
  });

  router.openapi(routes.delete, async (c) => {
    const body = c.req.valid('json');
    await requireUserStore(users).deleteRegisteredModelPermission({ username: body.username, name: body.name });
    return c.json({}, 200);
  });

  return router;
}
