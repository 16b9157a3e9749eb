import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@assay/core';
import type { Permission } from '../auth/permission.js';
import type { ResourceAccess } from '../auth/route-access.js';
import type { UserInfo, UserStore } from '../auth/user-store.js';
import { permissionJson } from '../schemas/mlflow-auth-entities.js';
import { emptyObject, requiredString } from '../schemas/mlflow-fields.js';
import { createRouter } from './create-router.js';
import { jsonBodyRoute, queryGetRoute } from './define-route.js';
import { requireUserStore } from './mlflow-users.js';

/** The resource kind one set of MLflow permission routes grants on (experiments by id, registered models by name). */
export interface PermissionRoutesOf<IdField extends string> {
  /** The OpenAPI tag. */
  tag: string;
  /** The routes' common path, e.g. `/api/2.0/mlflow/experiments/permissions`. */
  prefix: string;
  /** The field that names the resource, in requests and in the answered permission. */
  idField: IdField;
  /** The resource as summaries and errors name it: 'experiment', 'registered model'. */
  noun: string;
  /** The answered permission's key and schema (`experiment_permission`: `{ experiment_id, user_id, permission }`). */
  entityKey: string;
  entity: z.ZodType;
  /** MANAGE on the resource the request names: as MLflow's, granting and reading grants needs it. */
  manage: ResourceAccess<Record<IdField, string>>;
  /** Throws NotFoundError for an unknown resource. */
  requireResource(id: string): Promise<void>;
  /** The permission granted to `user` on the resource, if any. */
  granted(user: UserInfo, id: string): Permission | undefined;
  grant(users: UserStore, input: { username: string; id: string; permission: Permission; mode: 'create' | 'update' }): Promise<void>;
  revoke(users: UserStore, input: { username: string; id: string }): Promise<void>;
}

/** MLflow's basic-auth permission routes of one resource kind: `<prefix>/create`, `get`, `update`, `delete`. */
export function createPermissionRouter<IdField extends string>(of: PermissionRoutesOf<IdField>, users: UserStore | undefined): OpenAPIHono {
  // Typed by `username` alone: the id field's name is a value here (idOf reads it).
  const target = z.object({ [of.idField]: requiredString, username: requiredString }) as unknown as z.ZodObject<{ username: typeof requiredString }>;
  const withPermission = target.extend({ permission: permissionJson });
  const answer = z.object({ [of.entityKey]: of.entity });
  // Its idFrom reads the id field, which every request of these routes has (the schemas require it).
  const access = of.manage as unknown as ResourceAccess<{ username: string }>;
  const routes = {
    create: jsonBodyRoute({
      method: 'post',
      path: `${of.prefix}/create`,
      summary: `Grant a user a permission on a ${of.noun} (READ, EDIT, MANAGE or NO_PERMISSIONS)`,
      tag: of.tag,
      body: withPermission,
      response: answer,
      access,
    }),
    get: queryGetRoute({
      path: `${of.prefix}/get`,
      summary: `The permission granted to a user on a ${of.noun} (404 when none is: the default applies)`,
      tag: of.tag,
      query: target,
      response: answer,
      access,
    }),
    update: jsonBodyRoute({ method: 'patch', path: `${of.prefix}/update`, summary: 'Change a granted permission', tag: of.tag, body: withPermission, response: emptyObject, access }),
    delete: jsonBodyRoute({
      method: 'delete',
      path: `${of.prefix}/delete`,
      summary: 'Take back a granted permission (the default applies again)',
      tag: of.tag,
      body: target,
      response: emptyObject,
      access,
    }),
  };
  type Target = { username: string };
  const idOf = (input: Target): string => (input as Record<string, string>)[of.idField]!;
  const entity = (id: string, userId: number, permission: Permission) => ({ [of.entityKey]: { [of.idField]: id, user_id: userId, permission } });

  /** The user's id; NotFoundError for an unknown user or resource. */
  const requireTarget = async (input: Target): Promise<number> => {
    const user = await requireUserStore(users).getUser(input.username);
    if (user === undefined) throw new NotFoundError(`User '${input.username}' does not exist.`);
    await of.requireResource(idOf(input));
    return user.id;
  };

  const router = createRouter();
  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const userId = await requireTarget(body);
    await of.grant(requireUserStore(users), { username: body.username, id: idOf(body), permission: body.permission, mode: 'create' });
    return c.json(entity(idOf(body), userId, body.permission), 200);
  });
  router.openapi(routes.get, async (c) => {
    const query = c.req.valid('query');
    const user = await requireUserStore(users).getUser(query.username);
    const permission = user === undefined ? undefined : of.granted(user, idOf(query));
    if (user === undefined || permission === undefined) {
      throw new NotFoundError(`No permission is granted to user '${query.username}' on ${of.noun} '${idOf(query)}' (the default applies).`);
    }
    return c.json(entity(idOf(query), user.id, permission), 200);
  });
  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    await requireTarget(body);
    await of.grant(requireUserStore(users), { username: body.username, id: idOf(body), permission: body.permission, mode: 'update' });
    return c.json({}, 200);
  });
  router.openapi(routes.delete, async (c) => {
    const body = c.req.valid('json');
    await of.revoke(requireUserStore(users), { username: body.username, id: idOf(body) });
    return c.json({}, 200);
  });
  return router;
}
