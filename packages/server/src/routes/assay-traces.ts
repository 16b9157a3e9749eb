import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@assay/core';
import { toAssaySpan, toAssaySpanSummary, toAssayTrace, toAssayTraceInfo } from '../convert/to-assay-json.js';
import { assaySpanJson, assaySpanSummaryJson, assayTraceInfoJson, assayTraceJson } from '../schemas/assay-entities.js';
import { int32, toSearchAnswer, toSearchOptions } from '../schemas/mlflow-fields.js';
import type { ServerContext } from '../server-context.js';
import { normalizeTraceId } from '../traces/trace-ids.js';
import { ASSAY_API_PREFIX } from './api-paths.js';
import { createRouter } from './create-router.js';
import { jsonPostRoute, jsonResponses, routeWithAccess } from './define-route.js';
import { traceAccess } from './trace-access.js';

const TAG = 'Assay traces';
const traceIdParameter = z.object({ trace_id: z.string().openapi({ example: 'tr-8d8be29d5df7efb5ded0e01d8d18341c' }) });

const routes = {
  trace: routeWithAccess(
    {
      method: 'get',
      path: `${ASSAY_API_PREFIX}/traces/{trace_id}`,
      summary: 'A whole trace: its summary (token usage, cost, assessments) and every span with its payloads, parents before children',
      tags: [TAG],
      request: { params: traceIdParameter },
      responses: jsonResponses(z.object({ trace: assayTraceJson })),
    },
    traceAccess('READ', 'trace_id'),
  ),
  search: jsonPostRoute({
    path: `${ASSAY_API_PREFIX}/traces/search`,
    summary: "Search the traces of experiments, as the Store does (filter: `trace.status = 'ERROR' or cost.total > 0.01`; run_id: only that run's), with Assay's trace summaries",
    tag: TAG,
    body: z.object({
      experiment_ids: z.array(z.string()),
      run_id: z.string().optional(),
      filter: z.string().optional(),
      order_by: z.array(z.string()).optional(),
      max_results: int32.optional(),
      page_token: z.string().optional(),
    }),
    response: z.object({ traces: z.array(assayTraceInfoJson).optional(), next_page_token: z.string().optional() }),
    access: { resource: 'experiment', permission: 'READ', idFrom: (body) => body.experiment_ids },
  }),
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

/** Assay's trace queries (`/api/assay/v1/traces/...`): whole traces and searches as the Store answers them, and the span tree and spans for the dashboard. */
export function createAssayTracesRouter({ store }: ServerContext): OpenAPIHono {
  const router = createRouter();

  router.openapi(routes.trace, async (c) => {
    const trace = await store.getTrace({ traceId: normalizeTraceId(c.req.valid('param').trace_id) });
    return c.json({ trace: toAssayTrace(trace) }, 200);
  });

  router.openapi(routes.search, async (c) => {
    const body = c.req.valid('json');
    const result = await store.searchTraces({
      experimentIds: body.experiment_ids,
      ...(body.run_id !== undefined && body.run_id !== '' ? { runId: body.run_id } : {}),
      ...toSearchOptions(body),
    });
    return c.json(toSearchAnswer('traces', result.traces.map(toAssayTraceInfo), result.nextPageToken), 200);
  });

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
