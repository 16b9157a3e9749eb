import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { requestAccess } from '../auth/request-access.js';
import { toMlflowRegisteredModel } from '../convert/to-mlflow-registered-model.js';
import { changeNoteOfRequest } from '../registry/change-note-of-request.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import { registryChangeNoteFields } from '../schemas/assay-registry-entities.js';
import { registeredModelJson } from '../schemas/mlflow-registry-entities.js';
import { requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute } from './define-route.js';
import { ASSAY_REGISTRY_TAG } from './assay-registry-events.js';
import { modelAccess } from './mlflow-registered-models.js';

const route = jsonPostRoute({
  path: `${ASSAY_API_PREFIX}/registered-models/set-protection`,
  summary: 'Protect a registered model (its stage changes and alias moves then need an approved transition request), or lift the protection',
  tag: ASSAY_REGISTRY_TAG,
  body: z.object({ name: requiredString, protected: z.boolean(), ...registryChangeNoteFields }),
  response: z.object({ registered_model: registeredModelJson }),
  access: modelAccess('MANAGE'),
});

/** Protecting a registered model (`POST /api/assay/v1/registered-models/set-protection`): RegistryStore.setRegisteredModelProtection. */
export function createAssayModelProtectionRouter({ registry }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const model = await requireRegistry(registry).setRegisteredModelProtection({ name: body.name, protected: body.protected, ...changeNoteOfRequest(requestAccess(c), body) });
    return c.json({ registered_model: toMlflowRegisteredModel(model) }, 200);
  });
  return router;
}
