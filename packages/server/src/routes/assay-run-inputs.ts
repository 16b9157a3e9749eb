import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { emptyObject } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonResponses, routeWithAccess } from './define-route.js';

const logInputs = routeWithAccess(
  {
    method: 'post',
    path: `${ASSAY_API_PREFIX}/runs/{run_id}/inputs`,
    summary:
      "Record the dataset versions a run used, by name and version (MLflow's runs/log-inputs names them by digest, which several versions may share); " +
      'the same version with the same context again is a no-op',
    tags: ['Assay runs'],
    request: {
      params: z.object({ run_id: z.string() }),
      body: {
        content: {
          'application/json': {
            schema: z.object({
              inputs: z.array(
                z.object({
                  dataset_name: z.string(),
                  dataset_version: z.number().int(),
                  context: z.string().optional().openapi({ description: "What the run used it for, e.g. 'eval' (the tag mlflow.data.context)" }),
                }),
              ),
            }),
          },
        },
        required: true,
      },
    },
    responses: jsonResponses(emptyObject),
  },
  // As runs/log-inputs: EDIT on the run's experiment.
  { resource: 'run', permission: 'EDIT', idFrom: (input: { run_id: string }) => input.run_id },
);

/** Assay's run-inputs route (`POST /api/assay/v1/runs/{run_id}/inputs`): the Store's logRunInputs. */
export function createAssayRunInputsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(logInputs, async (c) => {
    const { inputs } = c.req.valid('json');
    await store.logRunInputs({
      runId: c.req.valid('param').run_id,
      inputs: inputs.map((input) => ({
        datasetName: input.dataset_name,
        datasetVersion: input.dataset_version,
        ...(input.context !== undefined ? { context: input.context } : {}),
      })),
    });
    return c.json({}, 200);
  });
  return router;
}
