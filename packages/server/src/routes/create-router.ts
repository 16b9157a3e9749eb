import { OpenAPIHono } from '@hono/zod-openapi';
import type { Handler } from 'hono';
import { accessOfRoute, guardHandler, validatedInput } from '../auth/guard-handler.js';
import type { RouteAccess } from '../auth/route-access.js';
import { invalidRequestError } from '../errors/invalid-request-error.js';

/**
 * A router for one API family. Requests that fail a route's schema throw an
 * InvalidParameterError naming the field, which the server's error handler
 * answers as MLflow does (400 INVALID_PARAMETER_VALUE). Each route's handler
 * runs only once the request passes the access its definition declares
 * (`access` of jsonPostRoute/queryGetRoute, or withAccess); a route that
 * declares none is admin-only.
 */
export function createRouter(): OpenAPIHono {
  const router = new OpenAPIHono({
    defaultHook: (result) => {
      // @hono/zod-validator passes the raw input as `data` beside the result (not in the hook's type).
      if (!result.success) throw invalidRequestError({ issues: result.error.issues, input: (result as { data?: unknown }).data, target: result.target });
    },
  });
  const register = router.openapi;
  router.openapi = ((route: Parameters<typeof register>[0], handler: Handler, hook?: Parameters<typeof register>[2]) =>
    register(route, guardHandler((accessOfRoute(route) ?? 'admin') as RouteAccess<Record<string, unknown>>, validatedInput, handler) as never, hook)) as typeof register;
  return router;
}
