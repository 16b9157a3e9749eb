import { createRoute, type z } from '@hono/zod-openapi';
import { errorBody } from '../schemas/mlflow-fields.js';

/** The error answers every route documents: MLflow's `{ error_code, message }` body. */
export const ERROR_RESPONSES = {
  400: { description: 'Invalid request (INVALID_PARAMETER_VALUE, BAD_REQUEST, RESOURCE_ALREADY_EXISTS)', content: { 'application/json': { schema: errorBody } } },
  404: { description: 'Unknown resource (RESOURCE_DOES_NOT_EXIST) or route (ENDPOINT_NOT_FOUND)', content: { 'application/json': { schema: errorBody } } },
  500: { description: 'Unexpected error (INTERNAL_ERROR); the details are in the server log', content: { 'application/json': { schema: errorBody } } },
} as const;

/** The answers of a route whose 200 is a JSON body, plus the error answers. */
export function jsonResponses<Response extends z.ZodType>(response: Response) {
  return { 200: { description: 'OK', content: { 'application/json': { schema: response } } }, ...ERROR_RESPONSES };
}

/**
 * What a route requires of its caller beyond the default: `admin`, only
 * administrators. Routes carry it in their OpenAPI operation as
 * `x-assay-permission` (see ROUTE_PERMISSION_EXTENSION), where the auth
 * middleware reads it; until auth is configured, every caller may.
 */
export type RoutePermission = 'admin';

/** The OpenAPI extension that carries a route's RoutePermission. */
export const ROUTE_PERMISSION_EXTENSION = 'x-assay-permission';

interface RouteBase<Path extends string, Response extends z.ZodType> {
  /** The full path, `{name}` for path parameters. */
  path: Path;
  /** One line for the OpenAPI document. */
  summary: string;
  /** The API family, e.g. `MLflow experiments`. */
  tag: string;
  /** The 200 answer's JSON body. */
  response: Response;
  /** A permission the caller must have beyond the default (documented, and read by the auth middleware). */
  permission?: RoutePermission;
}

/** The OpenAPI fields of a route's permission: the extension, and a description that says it. */
export function permissionFields(permission: RoutePermission | undefined) {
  return permission === undefined ? {} : { description: 'Admins only.', [ROUTE_PERMISSION_EXTENSION]: permission };
}

/** A POST route whose JSON body is validated by `body` (MLflow's write and search calls). */
export function jsonPostRoute<Path extends string, Body extends z.ZodType, Response extends z.ZodType>(options: RouteBase<Path, Response> & { body: Body }) {
  return createRoute({
    method: 'post',
    path: options.path,
    summary: options.summary,
    tags: [options.tag],
    ...permissionFields(options.permission),
    request: { body: { content: { 'application/json': { schema: options.body } }, required: true } },
    responses: jsonResponses(options.response),
  });
}

/** A GET route whose query string is validated by `query` (repeated keys for lists, as MLflow's). */
export function queryGetRoute<Path extends string, Query extends z.ZodObject, Response extends z.ZodType>(options: RouteBase<Path, Response> & { query: Query }) {
  return createRoute({
    method: 'get',
    path: options.path,
    summary: options.summary,
    tags: [options.tag],
    ...permissionFields(options.permission),
    request: { query: options.query },
    responses: jsonResponses(options.response),
  });
}
