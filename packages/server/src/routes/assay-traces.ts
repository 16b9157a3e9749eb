import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@assay/core';
import { toAssaySpan, toAssaySpanSummary } from '../convert/to-assay-json.js';
import { assaySpanJson, assaySpanSummaryJson } from '../schemas/assay-entities.js';
import type { ServerContext } from '../server-context.js';
import { normalizeTraceId } from '../traces/trace-ids.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonResponses, routeWithAccess } from './define-route.js';
import { traceAccess } from './trace-access.js';

const TAG = 'Assay traces';
const traceIdParameter = z.object({ trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });

const routes = {
  spans: routeWithAccess(
    {
      method: 'get',
      path: `${ASSAY_API_PREFIX}/traces/{trace_id}/spans`,
      summary: "A trace's span tree without payloads: every span with its parent, parents before children",
      tags: [TAG],
      request: { params: traceIdParameter },
      responses: jsonResponses(z.object({ trace_id: z.string(), spans: z.array(assaySpanSummaryJson) })),
    },
    traceAccess('READ', 'trace_id'),
  ),
  span: routeWithAccess(
    {
      method: 'get',
      path: `${ASSAY_API_PREFIX}/traces/{trace_id}/spans/{span_id}`,
      summary: 'One span with its payloads: inputs, outputs, attributes and events',
      tags: [TAG],
      request: { params: traceIdParameter.extend({ span_id: z.string().openapi({ example: 'c9e135130ab46ead' }) }) },
      responses: jsonResponses(z.object({ span: assaySpanJson })),
    },
    traceAccess('READ', 'trace_id'),
  ),
};

/** Assay's span queries for the dashboard (`/api/assay/v1/traces/{trace_id}/spans...`). */
export function createAssayTracesRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.spans, async (c) => {
    const traceId = normalizeTraceId(c.req.valid('param').trace_id);
    const trace = await store.getTrace({ traceId });
    return c.json({ trace_id: traceId, spans: trace.spans.map(toAssaySpanSummary) }, 200);
  });

  router.openapi(routes.span, async (c) => {
    const parameters = c.req.valid('param');
    const traceId = normalizeTraceId(parameters.trace_id);
    const trace = await store.getTrace({ traceId });
    const span = trace.spans.find((candidate) => candidate.spanId === parameters.span_id.toLowerCase());
    if (span === undefined) throw new NotFoundError(`Trace '${traceId}' has no span '${parameters.span_id}'.`);
    return c.json({ span: toAssaySpan(span) }, 200);
  });

  return router;
}
