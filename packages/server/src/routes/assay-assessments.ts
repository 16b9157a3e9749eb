import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { fromMlflowAssessment } from '../convert/from-mlflow-assessment.js';
import { toMlflowAssessment } from '../convert/to-mlflow-assessment.js';
import { assessmentIn, assessmentJson } from '../schemas/mlflow-traces.js';
import type { ServerContext } from '../server-context.js';
import { normalizeTraceId } from '../traces/trace-ids.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute } from './define-route.js';

const newAssessment = assessmentIn.extend({ trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });

const logAssessments = jsonPostRoute({
  path: `${ASSAY_API_PREFIX}/assessments`,
  summary: "Log feedback and expectations on several traces at once, all or none (MLflow's create-assessment takes one); the answer has them as stored",
  tag: 'Assay assessments',
  // At least one: an empty batch names no trace, so no permission could be checked for it.
  body: z.object({ assessments: z.array(newAssessment).min(1) }),
  response: z.object({ assessments: z.array(assessmentJson) }),
  // As MLflow's create-assessment: EDIT on each trace's experiment.
  access: { resource: 'trace', permission: 'EDIT', idFrom: (body) => body.assessments.map((assessment, index) => normalizeTraceId(assessment.trace_id, `assessments[${index}].trace_id`)) },
});

/** Assay's batch of assessments (`POST /api/assay/v1/assessments`): the Store's logAssessments, all or none. */
export function createAssayAssessmentsRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();
  router.openapi(logAssessments, async (c) => {
    const { assessments } = c.req.valid('json');
    const logged = await store.logAssessments({
      assessments: assessments.map((assessment, index) => fromMlflowAssessment(assessment, normalizeTraceId(assessment.trace_id, `assessments[${index}].trace_id`))),
    });
    return c.json({ assessments: logged.map(toMlflowAssessment) }, 200);
  });
  return router;
}
