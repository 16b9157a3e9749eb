import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { InvalidParameterError } from '@assay/core';
import { toMlflowMetric } from '../convert/to-mlflow-run.js';
import { decodeOffsetPageToken, encodeOffsetPageToken } from '../paging/offset-page-token.js';
import { metricJson } from '../schemas/mlflow-entities.js';
import { int32, requireRunId, requiredString, runIdFields } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { queryGetRoute } from './define-route.js';

/** MLflow's largest get-history page. */
export const MAX_METRIC_HISTORY_PAGE = 25_000;

const getHistory = queryGetRoute({
  path: `${MLFLOW_API_PREFIX}/metrics/get-history`,
  summary: `Every point of one metric of a run, by step then timestamp; paged when max_results (at most ${MAX_METRIC_HISTORY_PAGE}) is given`,
  tag: 'MLflow runs',
  query: z.object({ ...runIdFields, metric_key: requiredString, max_results: int32.optional(), page_token: z.string().optional() }),
  response: z.object({ metrics: z.array(metricJson).optional(), next_page_token: z.string().optional() }),
  access: { resource: 'run', permission: 'READ', idFrom: requireRunId },
});

/** MLflow's metric routes (`/api/2.0/mlflow/metrics/...`). */
export function createMlflowMetricsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(getHistory, async (c) => {
    const query = c.req.valid('query');
    const maxResults = query.max_results;
    if (maxResults !== undefined && (maxResults < 1 || maxResults > MAX_METRIC_HISTORY_PAGE)) {
      throw new InvalidParameterError(`Invalid value ${maxResults} for parameter 'max_results' supplied: it must be between 1 and ${MAX_METRIC_HISTORY_PAGE}.`);
    }
    const offset = decodeOffsetPageToken(query.page_token);
    // The Store returns a metric's whole history; the server pages it.
    const history = await store.getMetricHistory({ runId: requireRunId(query), key: query.metric_key });
    const end = maxResults === undefined ? history.length : Math.min(history.length, offset + maxResults);
    const page = history.slice(offset, end);
    return c.json(
      {
        ...(page.length > 0 ? { metrics: page.map(toMlflowMetric) } : {}),
        ...(end < history.length ? { next_page_token: encodeOffsetPageToken(end) } : {}),
      },
      200,
    );
  });

  return router;
}
