import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { AssayError } from '@assay/core';
import type { RequiredPermission } from '../auth/permission.js';
import { requestAccess } from '../auth/request-access.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import { requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { queryGetRoute } from './define-route.js';
import { ASSAY_REGISTRY_TAG } from './assay-registry-events.js';
import { modelAccess } from './mlflow-registered-models.js';

const route = queryGetRoute({
  path: `${ASSAY_API_PREFIX}/registered-models/my-permission`,
  summary:
    "The signed-in user's permission on a registered model, the server's default applied (what a client needs to offer only the changes the user may make; the server still checks every write)",
  tag: ASSAY_REGISTRY_TAG,
  query: z.object({ name: requiredString }),
  response: z.object({
    name: z.string(),
    permission: z.enum(['READ', 'EDIT', 'MANAGE']).openapi({ description: 'MANAGE for admins and when the server runs without auth.' }),
  }),
  access: modelAccess('READ'),
});

// Strongest first: the first the request's access allows is the user's.
const STRONGER_THAN_READ: readonly RequiredPermission[] = ['MANAGE', 'EDIT'];

/** `GET /api/assay/v1/registered-models/my-permission`: READ, EDIT or MANAGE, as the route checks decide them (no second source of truth). */
export function createAssayModelPermissionRouter({ registry }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(route, async (c) => {
    const { name } = c.req.valid('query');
    // An unknown model is a 404, as the other registry reads answer.
    const model = await requireRegistry(registry).getRegisteredModel({ name });
    const access = requestAccess(c);
    for (const permission of STRONGER_THAN_READ) {
      try {
        await access.check(modelAccess(permission), { name: model.name });
        return c.json({ name: model.name, permission }, 200);
      } catch (error) {
        if (!(AssayError.isInstance(error) && error.code === 'PERMISSION_DENIED')) throw error;
      }
    }
    return c.json({ name: model.name, permission: 'READ' as const }, 200);
  });
  return router;
}
