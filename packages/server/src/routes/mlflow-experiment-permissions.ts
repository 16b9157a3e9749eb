import type { OpenAPIHono } from '@hono/zod-openapi';
import { experimentPermissionJson } from '../schemas/mlflow-auth-entities.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createPermissionRouter } from './permission-routes.js';

/** MLflow's basic-auth experiment permission routes (`/api/2.0/mlflow/experiments/permissions/...`). */
export function createMlflowExperimentPermissionsRouter({ store, users }: ServerContext): OpenAPIHono {
  return createPermissionRouter(
    {
      tag: 'MLflow experiment permissions (auth)',
      prefix: `${MLFLOW_API_PREFIX}/experiments/permissions`,
      idField: 'experiment_id',
      noun: 'experiment',
      entityKey: 'experiment_permission',
      entity: experimentPermissionJson,
      manage: { resource: 'experiment', permission: 'MANAGE', idFrom: (input) => input.experiment_id },
      requireResource: async (experimentId) => void (await store.getExperiment({ experimentId })),
      granted: (user, experimentId) => (Object.hasOwn(user.experimentPermissions, experimentId) ? user.experimentPermissions[experimentId] : undefined),
      grant: (userStore, { username, id, permission, mode }) => userStore.setExperimentPermission({ username, experimentId: id, permission, mode }),
      revoke: (userStore, { username, id }) => userStore.deleteExperimentPermission({ username, experimentId: id }),
    },
    users,
  );
}
