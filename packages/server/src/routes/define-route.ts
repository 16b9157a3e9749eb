import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import { describeAccess, type RouteAccess } from '../auth/route-access.js';
import { withAccess } from '../auth/guard-handler.js';
import { errorBody } from '../schemas/mlflow-fields.js';

const error = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });

/** The error answers every route documents: MLflow's `{ error_code, message }` body. */
export const ERROR_RESPONSES = {
  400: error('Invalid request (INVALID_PARAMETER_VALUE, BAD_REQUEST, RESOURCE_ALREADY_EXISTS)'),
  401: error('Not signed in, or wrong credentials (UNAUTHENTICATED), with a `WWW-Authenticate: Basic` challenge; only when auth is on'),
  403: error('Signed in, but without the permission the route needs (PERMISSION_DENIED); only when auth is on'),
  404: error('Unknown resource (RESOURCE_DOES_NOT_EXIST) or route (ENDPOINT_NOT_FOUND)'),
  500: error('Unexpected error (INTERNAL_ERROR); the details are in the server log'),
} as const;

/** The answers of a route whose 200 is a JSON body, plus the error answers. */
export function jsonResponses<Response extends z.ZodType>(response: Response) {
  return { 200: { description: 'OK', content: { 'application/json': { schema: response } } }, ...ERROR_RESPONSES };
}

/** The names of the security schemes the OpenAPI document declares (HTTP basic and bearer API tokens). */
export const SECURITY_SCHEMES = { basic: 'basicAuth', bearer: 'bearerAuth' } as const;

/**
 * The OpenAPI fields that document a route's access: the security schemes
 * (none for a public route) and `x-assay-access`, who may call it.
 */
export function accessDocumentation(access: RouteAccess<never>): { security: Record<string, string[]>[]; 'x-assay-access': string } {
  return {
    security: access === 'public' ? [] : [{ [SECURITY_SCHEMES.basic]: [] }, { [SECURITY_SCHEMES.bearer]: [] }],
    'x-assay-access': describeAccess(access),
  };
}

interface RouteBase<Path extends string, Response extends z.ZodType, Input> {
  /** The full path, `{name}` for path parameters. */
  path: Path;
  /** One line for the OpenAPI document. */
  summary: string;
  /** The API family, e.g. `MLflow experiments`. */
  tag: string;
  /** The 200 answer's JSON body. */
  response: Response;
  /** Who may call it, checked on the validated input when auth is on (see RouteAccess). */
  access: RouteAccess<Input>;
}

/** A route whose JSON body is validated by `body`: MLflow's write and search calls (POST), and its PATCH and DELETE calls of the auth API. */
export function jsonBodyRoute<Path extends string, Body extends z.ZodType, Response extends z.ZodType>(
  options: RouteBase<Path, Response, z.output<Body>> & { method: 'post' | 'patch' | 'delete'; body: Body },
) {
  return withAccess(
    createRoute({
      method: options.method,
      path: options.path,
      summary: options.summary,
      tags: [options.tag],
      ...accessDocumentation(options.access as RouteAccess<never>),
      request: { body: { content: { 'application/json': { schema: options.body } }, required: true } },
      responses: jsonResponses(options.response),
    }),
    options.access as RouteAccess<never>,
  );
}

/** A POST route whose JSON body is validated by `body` (MLflow's write and search calls). */
export function jsonPostRoute<Path extends string, Body extends z.ZodType, Response extends z.ZodType>(options: RouteBase<Path, Response, z.output<Body>> & { body: Body }) {
  return jsonBodyRoute({ ...options, method: 'post' });
}

/** A GET route whose query string is validated by `query` (repeated keys for lists, as MLflow's). */
export function queryGetRoute<Path extends string, Query extends z.ZodObject, Response extends z.ZodType>(options: RouteBase<Path, Response, z.output<Query>> & { query: Query }) {
  return withAccess(
    createRoute({
      method: 'get',
      path: options.path,
      summary: options.summary,
      tags: [options.tag],
      ...accessDocumentation(options.access as RouteAccess<never>),
      request: { query: options.query },
      responses: jsonResponses(options.response),
    }),
    options.access as RouteAccess<never>,
  );
}

/**
 * A route of its own shape (path parameters, a JSON body beside them, a
 * non-JSON body): `createRoute` with its access declared (checked on the
 * validated path parameters, query and body, merged) and documented.
 */
export function routeWithAccess<Path extends string, Route extends Omit<RouteConfig, 'path'> & { path: Path }, Input = never>(config: Route, access: RouteAccess<Input>) {
  return withAccess(createRoute({ ...config, ...accessDocumentation(access as RouteAccess<never>) }), access as RouteAccess<never>);
}
