import type { OpenAPIHono } from '@hono/zod-openapi';
import { registeredModelPermissionJson } from '../schemas/mlflow-auth-entities.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { modelAccess } from './mlflow-registered-models.js';
import { createPermissionRouter } from './permission-routes.js';

/** MLflow's basic-auth registered model permission routes (`/api/2.0/mlflow/registered-models/permissions/...`). */
export function createMlflowRegisteredModelPermissionsRouter({ registry, users }: ServerContext): OpenAPIHono {
  return createPermissionRouter(
    {
      tag: 'MLflow registered model permissions (auth)',
      prefix: `${MLFLOW_API_PREFIX}/registered-models/permissions`,
      idField: 'name',
      noun: 'registered model',
      entityKey: 'registered_model_permission',
      entity: registeredModelPermissionJson,
      manage: modelAccess('MANAGE'),
      requireResource: async (name) => void (await requireRegistry(registry).getRegisteredModel({ name })),
      granted: (user, name) => (Object.hasOwn(user.registeredModelPermissions, name) ? user.registeredModelPermissions[name] : undefined),
      grant: (userStore, { username, id, permission, mode }) => userStore.setRegisteredModelPermission({ username, name: id, permission, mode }),
      revoke: (userStore, { username, id }) => userStore.deleteRegisteredModelPermission({ username, name: id }),
    },
    users,
  );
}
