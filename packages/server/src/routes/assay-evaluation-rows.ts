import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { toAssayEvaluationRow } from '../convert/to-assay-json.js';
import { decodeOffsetPageToken, encodeOffsetPageToken } from '../paging/offset-page-token.js';
import { evaluationRowJson } from '../schemas/assay-entities.js';
import { int32 } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonResponses, routeWithAccess } from './define-route.js';

/** The Store's largest page of evaluation rows. */
const MAX_ROWS = 50_000;

const readRows = routeWithAccess(
  {
    method: 'get',
    path: `${ASSAY_API_PREFIX}/runs/{run_id}/evaluation-rows`,
    summary: "A page of an evaluation run's per-row results, by row index",
    tags: ['Assay evaluations'],
    request: {
      params: z.object({ run_id: z.string() }),
      query: z.object({
        max_results: int32.optional().openapi({ description: 'Rows per page; default 1000, at most 50,000' }),
        page_token: z.string().optional(),
        offset: int32.optional().openapi({ description: 'Rows to skip, instead of page_token' }),
      }),
    },
    responses: jsonResponses(z.object({ rows: z.array(evaluationRowJson), next_page_token: z.string().optional() })),
  },
  // Evaluation rows are the run's: READ on its experiment, as runs/get.
  { resource: 'run', permission: 'READ', idFrom: (input: { run_id: string }) => input.run_id },
);

/** Assay's evaluation-row route (`/api/assay/v1/runs/{run_id}/evaluation-rows`). */
export function createAssayEvaluationRowsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(readRows, async (c) => {
    const { run_id: runId } = c.req.valid('param');
    const query = c.req.valid('query');
    await store.getRun({ runId });
    const limit = query.max_results ?? 1000;
    const offset = query.offset ?? decodeOffsetPageToken(query.page_token);
    // One row more than the page tells whether there is a next page (the store checks the limit itself).
    const rows = await store.readEvaluationRows({ runId, limit: limit >= 1 && limit < MAX_ROWS ? limit + 1 : limit, offset });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return c.json({ rows: page.map(toAssayEvaluationRow), ...(more ? { next_page_token: encodeOffsetPageToken(offset + limit) } : {}) }, 200);
  });

  return router;
}
