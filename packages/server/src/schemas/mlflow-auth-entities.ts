import { z } from '@hono/zod-openapi';
import { PERMISSIONS } from '../auth/permission.js';
import type { UserInfo } from '../auth/user-store.js';

// The entities of MLflow's basic-auth app (`mlflow/server/auth/entities.py`), as its routes return them.

/** MLflow's permission names. */
export const permissionJson = z.enum(PERMISSIONS).openapi('Permission');

/** A permission granted to a user on an experiment. */
export const experimentPermissionJson = z
  .object({
    experiment_id: z.string(),
    user_id: z.number().int(),
    permission: permissionJson,
  })
  .openapi('ExperimentPermission');

/** A permission granted to a user on a registered model (by name). */
export const registeredModelPermissionJson = z
  .object({
    name: z.string(),
    user_id: z.number().int(),
    permission: permissionJson,
  })
  .openapi('RegisteredModelPermission');

/** A user: never a password or token. */
export const userJson = z
  .object({
    id: z.number().int(),
    username: z.string(),
    is_admin: z.boolean(),
    experiment_permissions: z.array(experimentPermissionJson),
    registered_model_permissions: z.array(registeredModelPermissionJson),
  })
  .openapi('User');

/** A user as MLflow's auth app returns it. */
export function toMlflowUser(user: UserInfo): z.infer<typeof userJson> {
  return {
    id: user.id,
    username: user.username,
    is_admin: user.isAdmin,
    experiment_permissions: Object.entries(user.experimentPermissions).map(([experimentId, permission]) => ({ experiment_id: experimentId, user_id: user.id, permission })),
    registered_model_permissions: Object.entries(user.registeredModelPermissions).map(([name, permission]) => ({ name, user_id: user.id, permission })),
  };
}
