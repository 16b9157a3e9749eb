import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { AssayError, NotFoundError } from '@assay/core';
import type { UserStore } from '../auth/user-store.js';
import { toMlflowUser, userJson } from '../schemas/mlflow-auth-entities.js';
import { emptyObject, requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonBodyRoute, queryGetRoute } from './define-route.js';

const TAG = 'MLflow users (auth)';
const PREFIX = `${MLFLOW_API_PREFIX}/users`;

const username = z.object({ username: requiredString });
const ownUser = { self: (input: { username: string }) => input.username };

const routes = {
  create: jsonBodyRoute({
    method: 'post',
    path: `${PREFIX}/create`,
    summary: 'Add a user (password of at least 8 characters, hashed with scrypt)',
    tag: TAG,
    body: z.object({ username: requiredString, password: requiredString }),
    response: z.object({ user: userJson }),
    access: 'admin',
  }),
  get: queryGetRoute({ path: `${PREFIX}/get`, summary: 'Get a user with their experiment permissions', tag: TAG, query: username, response: z.object({ user: userJson }), access: ownUser }),
  updatePassword: jsonBodyRoute({
    method: 'patch',
    path: `${PREFIX}/update-password`,
    summary: "Change a user's password (one's own, or any as an admin)",
    tag: TAG,
    body: z.object({ username: requiredString, password: requiredString }),
    response: emptyObject,
    access: ownUser,
  }),
  updateAdmin: jsonBodyRoute({
    method: 'patch',
    path: `${PREFIX}/update-admin`,
    summary: 'Make a user an admin, or take it back (the last admin stays)',
    tag: TAG,
    body: z.object({ username: requiredString, is_admin: z.boolean() }),
    response: emptyObject,
    access: 'admin',
  }),
  delete: jsonBodyRoute({
    method: 'delete',
    path: `${PREFIX}/delete`,
    summary: 'Remove a user with their API tokens and permissions (the last admin stays)',
    tag: TAG,
    body: username,
    response: emptyObject,
    access: 'admin',
  }),
};

/** The user store, or NOT_IMPLEMENTED when the server runs without auth. */
export function requireUserStore(users: UserStore | undefined): UserStore {
  if (users === undefined) throw new AssayError('NOT_IMPLEMENTED', 'This server runs without authentication, so it has no users or permissions (start it with `assay server --auth`).');
  return users;
}

/** MLflow's basic-auth user routes (`/api/2.0/mlflow/users/...`). */
export function createMlflowUsersRouter({ users }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const user = await requireUserStore(users).createUser({ username: body.username, password: body.password });
    return c.json({ user: toMlflowUser(user) }, 200);
  });

  router.openapi(routes.get, async (c) => {
    const name = c.req.valid('query').username;
    const user = await requireUserStore(users).getUser(name);
    if (user === undefined) throw new NotFoundError(`User '${name}' does not exist.`);
    return c.json({ user: toMlflowUser(user) }, 200);
  });

  router.openapi(routes.updatePassword, async (c) => {
    await requireUserStore(users).setPassword(c.req.valid('json'));
    return c.json({}, 200);
  });

  router.openapi(routes.updateAdmin, async (c) => {
    const body = c.req.valid('json');
    await requireUserStore(users).setAdmin({ username: body.username, isAdmin: body.is_admin });
    return c.json({}, 200);
  });

  router.openapi(routes.delete, async (c) => {
    await requireUserStore(users).deleteUser(c.req.valid('json').username);
    return c.json({}, 200);
  });

  return router;
}
