import { OpenAPIHono } from '@hono/zod-openapi';
import { invalidRequestError } from '../errors/invalid-request-error.js';

/**
 * A router for one API family. Requests that fail a route's schema throw an
 * InvalidParameterError naming the field, which the server's error handler
 * answers as MLflow does (400 INVALID_PARAMETER_VALUE).
 */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result) => {
      // @hono/zod-validator passes the raw input as `data` beside the result (not in the hook's type).
      if (!result.success) throw invalidRequestError({ issues: result.error.issues, input: (result as { data?: unknown }).data, target: result.target });
    },
  });
}
