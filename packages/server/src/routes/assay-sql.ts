import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { requiredString } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute } from './define-route.js';

const sql = jsonPostRoute({
  path: `${ASSAY_API_PREFIX}/sql`,
  summary: "Run one read-only SQL SELECT over the store's tables (files and other outside data refused)",
  tag: 'Assay SQL',
  access: 'admin',
  body: z.object({ query: requiredString.openapi({ example: 'SELECT count(*) AS n FROM runs' }) }),
  response: z.object({
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.array(z.unknown())).openapi({ description: 'Rows as arrays in column order; BIGINTs that fit are numbers, others strings' }),
  }),
});

/**
 * Assay's SQL route (`POST /api/assay/v1/sql`): Store.sql without outside
 * access, so a client cannot read the server's files (`read_csv('/etc/passwd')`
 * is a 400). Admins only: the query reads every experiment's data, past
 * per-experiment permissions.
 */
export function createAssaySqlRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(sql, async (c) => c.json(await store.sql({ query: c.req.valid('json').query, externalAccess: false }), 200));
  return router;
}
