import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { toAssayRegistryEvent } from '../convert/to-assay-registry-json.js';
import { requireRegistry } from '../registry/registry-of-store.js';
import { registryEventJson } from '../schemas/assay-registry-entities.js';
import { int32, requiredString, toSearchAnswer } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { queryGetRoute } from './define-route.js';
import { modelAccess } from './mlflow-registered-models.js';

/** The API family of the registry's audit log, protection and transition requests. */
export const ASSAY_REGISTRY_TAG = 'Assay model registry approvals';

const route = queryGetRoute({
  path: `${ASSAY_API_PREFIX}/registered-models/events`,
  summary: "A registered model's audit log (or one version's), oldest first: who changed what, when, before → after, and why",
  tag: ASSAY_REGISTRY_TAG,
  query: z.object({
    name: requiredString.openapi({ description: 'The model: its current name, or the name of a deleted or renamed one.' }),
    version: requiredString.optional().openapi({ example: '3' }),
    max_results: int32.optional().openapi({ description: 'Page size from 1 to 1000; default 100.' }),
    page_token: z.string().optional(),
  }),
  response: z.object({ events: z.array(registryEventJson).optional(), next_page_token: z.string().optional() }),
  access: modelAccess('READ'),
});

/** The registry's audit log (`GET /api/assay/v1/registered-models/events`): RegistryStore.listRegistryEvents. */
export function createAssayRegistryEventsRouter({ registry }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await requireRegistry(registry).listRegistryEvents({
      name: query.name,
      ...(query.version !== undefined ? { version: query.version } : {}),
      ...(query.max_results !== undefined ? { maxResults: query.max_results } : {}),
      ...(query.page_token !== undefined && query.page_token !== '' ? { pageToken: query.page_token } : {}),
    });
    return c.json(toSearchAnswer('events', page.items.map(toAssayRegistryEvent), page.nextPageToken), 200);
  });
  return router;
}
