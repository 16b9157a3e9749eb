import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { withAccess } from '../auth/guard-handler.js';
import { createRouter } from './create-router.js';
import { accessDocumentation, ERROR_RESPONSES } from './define-route.js';

/**
 * The MLflow version `GET /version` reports. MLflow's clients gate features
 * on it (the Python client sends spans to /v1/traces from 3.4 on), so it
 * names the newest MLflow whose API this server speaks: raise it to 3.x once
 * MLflow's Python client's OTLP path (its spans to /v1/traces, its trace
 * infos through the traces API 3.0) is tested against this server.
 */
export const MLFLOW_COMPATIBLE_VERSION = '2.22.0';

const text = (description: string, example: string) => ({ description, content: { 'text/plain': { schema: z.string().openapi({ example }) } } });

const health = withAccess(
  createRoute({ method: 'get', path: '/health', summary: 'Liveness: answers OK', tags: ['Server'], ...accessDocumentation('public'), responses: { 200: text('OK', 'OK') } }),
  'public',
);
const version = withAccess(
  createRoute({
    method: 'get',
    path: '/version',
    summary: 'The MLflow version whose API this server speaks (MLflow clients gate features on it)',
    tags: ['Server'],
    ...accessDocumentation('authenticated'),
    responses: { 200: text('A version number', MLFLOW_COMPATIBLE_VERSION), 401: ERROR_RESPONSES[401] },
  }),
  'authenticated',
);

/** MLflow's `/health` and `/version`. */
export function createHealthRouter(): OpenAPIHono {
  const router = createRouter();
  router.openapi(health, (c) => c.text('OK', 200));
  router.openapi(version, (c) => c.text(MLFLOW_COMPATIBLE_VERSION, 200));
  return router;
}
