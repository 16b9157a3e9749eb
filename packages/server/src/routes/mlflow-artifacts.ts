import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { toMlflowFileInfo } from '../convert/to-mlflow-file-info.js';
import { fileInfoJson } from '../schemas/mlflow-entities.js';
import { requireRunId, runIdFields } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { MLFLOW_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { queryGetRoute } from './define-route.js';

const listArtifacts = queryGetRoute({
  path: `${MLFLOW_API_PREFIX}/artifacts/list`,
  summary: "The files and folders directly under a folder of a run's artifacts (all on one page)",
  tag: 'MLflow artifacts',
  query: z.object({ ...runIdFields, path: z.string().optional(), page_token: z.string().optional() }),
  response: z.object({ root_uri: z.string(), files: z.array(fileInfoJson).optional(), next_page_token: z.string().optional() }),
  access: { resource: 'run', permission: 'READ', idFrom: requireRunId },
});

/** MLflow's run-artifact listing (`/api/2.0/mlflow/artifacts/list`). */
export function createMlflowArtifactsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(listArtifacts, async (c) => {
    const query = c.req.valid('query');
    const runId = requireRunId(query);
    const run = await store.getRun({ runId });
    const files = await store.listArtifacts({ runId, ...(query.path !== undefined && query.path !== '' ? { path: query.path } : {}) });
    return c.json(
      {
        root_uri: run.info.artifactUri,
        ...(files.length > 0 ? { files: files.map(toMlflowFileInfo) } : {}),
      },
      200,
    );
  });

  return router;
}
