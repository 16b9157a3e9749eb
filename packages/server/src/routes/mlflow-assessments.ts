import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { fromMlflowAssessment, fromMlflowAssessmentUpdate, updateMaskPaths } from '../convert/from-mlflow-assessment.js';
import { toMlflowAssessment } from '../convert/to-mlflow-assessment.js';
import { emptyObject } from '../schemas/mlflow-fields.js';
import { assessmentIn, assessmentJson } from '../schemas/mlflow-traces.js';
import type { ServerContext } from '../server-context.js';
import { normalizeTraceId } from '../traces/trace-ids.js';
import { MLFLOW_API_V3_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonResponses, routeWithAccess } from './define-route.js';
import { traceAccess } from './trace-access.js';

const TAG = 'MLflow assessments';
const PREFIX = `${MLFLOW_API_V3_PREFIX}/traces/{trace_id}/assessments`;

const traceIdParameter = z.object({ trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });
const assessmentParameters = traceIdParameter.extend({ assessment_id: z.string().openapi({ example: 'a-0f3c9b1e8d7a4c2b9e6f5a4d3c2b1a09' }) });
const assessmentResponse = z.object({ assessment: assessmentJson });
const jsonBody = <Schema extends z.ZodType>(schema: Schema) => ({ content: { 'application/json': { schema } }, required: true });

const routes = {
  create: routeWithAccess(
    {
      method: 'post',
      path: PREFIX,
      summary: 'Log a feedback or an expectation on a trace or one of its spans',
      tags: [TAG],
      request: { params: traceIdParameter, body: jsonBody(z.object({ assessment: assessmentIn })) },
      responses: jsonResponses(assessmentResponse),
    },
    traceAccess('EDIT', 'trace_id'),
  ),
  get: routeWithAccess(
    {
      method: 'get',
      path: `${PREFIX}/{assessment_id}`,
      summary: 'Get an assessment',
      tags: [TAG],
      request: { params: assessmentParameters },
      responses: jsonResponses(assessmentResponse),
    },
    traceAccess('READ', 'trace_id'),
  ),
  update: routeWithAccess(
    {
      method: 'patch',
      path: `${PREFIX}/{assessment_id}`,
      summary: "Change an assessment's name, value, error, rationale or metadata (the fields update_mask names, else every field given)",
      tags: [TAG],
      request: {
        params: assessmentParameters,
        body: jsonBody(
          z.object({
            assessment: assessmentIn,
            update_mask: z
              .union([z.string(), z.array(z.string()), z.object({ paths: z.array(z.string()).optional() })])
              .optional()
              .openapi({ description: 'A FieldMask: comma-separated paths, e.g. "assessment_name,feedback" (camelCase too)' }),
          }),
        ),
      },
      responses: jsonResponses(assessmentResponse),
    },
    traceAccess('EDIT', 'trace_id'),
  ),
  delete: routeWithAccess(
    {
      method: 'delete',
      path: `${PREFIX}/{assessment_id}`,
      summary: 'Delete an assessment (the one it overrode becomes valid again); an unknown id is a no-op',
      tags: [TAG],
      request: { params: assessmentParameters },
      responses: jsonResponses(emptyObject),
    },
    traceAccess('EDIT', 'trace_id'),
  ),
};

/** MLflow 3's assessment routes (`/api/3.0/mlflow/traces/{trace_id}/assessments...`) on the Store's AssessmentStore. */
export function createMlflowAssessmentsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();
  const ids = (parameters: { trace_id: string; assessment_id: string }) => ({ traceId: normalizeTraceId(parameters.trace_id), assessmentId: parameters.assessment_id });

  router.openapi(routes.create, async (c) => {
    const traceId = normalizeTraceId(c.req.valid('param').trace_id);
    const [assessment] = await store.logAssessments({ assessments: [fromMlflowAssessment(c.req.valid('json').assessment, traceId)] });
    return c.json({ assessment: toMlflowAssessment(assessment!) }, 200);
  });

  router.openapi(routes.get, async (c) => c.json({ assessment: toMlflowAssessment(await store.getAssessment(ids(c.req.valid('param')))) }, 200));

  router.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    const update = fromMlflowAssessmentUpdate(body.assessment, updateMaskPaths(body.update_mask), ids(c.req.valid('param')));
    return c.json({ assessment: toMlflowAssessment(await store.updateAssessment(update)) }, 200);
  });

  router.openapi(routes.delete, async (c) => {
    await store.deleteAssessment(ids(c.req.valid('param')));
    return c.json({}, 200);
  });

  return router;
}
