import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AssayError } from '@assay/core';
import { MLFLOW_ERROR_STATUS } from '../errors/mlflow-error.js';
import { accessOfHandler } from './guard-handler.js';
import { OPEN_ACCESS, setRequestAccess, type Authorizer } from './request-access.js';
import type { RouteAccess } from './route-access.js';
import { localAdmin } from './local-admin.js';
import type { Credentials } from './user-store.js';

/** The challenge of a 401: browsers and MLflow's clients answer it with basic credentials. */
export const WWW_AUTHENTICATE = 'Basic realm="Assay", charset="UTF-8"';

/** The credentials of an `Authorization` header (`Basic` or `Bearer`), or why there are none. */
export function parseAuthorization(header: string | undefined): { credentials: Credentials } | { problem: string } {
  if (header === undefined || header.trim() === '') {
    return { problem: 'Authentication required: send HTTP basic credentials (a username and password) or an API token (Authorization: Bearer <token>).' };
  }
  const match = /^(\S+)\s+(\S+)\s*$/u.exec(header);
  const scheme = match?.[1]?.toLowerCase();
  const value = match?.[2] ?? '';
  if (scheme === 'bearer') return { credentials: { kind: 'token', token: value } };
  if (scheme === 'basic') {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/u.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon > 0) return { credentials: { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    return { problem: "Malformed basic credentials: expected base64 of 'username:password'." };
  }
  return { problem: 'Unsupported Authorization scheme: use Basic (username and password) or Bearer (an API token).' };
}

/**
 * What the route answering the request declares: the first matching route
 * (middleware registered with use() matches every method, 'ALL'; routes have
 * theirs), with its validators, which share its method and path. Undefined
 * when that route declares nothing, even if a later route for the same URL
 * does (e.g. the trace-data routes before the artifact proxy's catch-all):
 * the route that answers is the one that must be guarded.
 */
function declaredAccess(context: Context): { access: RouteAccess<never> | undefined; routed: boolean } {
  const routes = matchedRoutes(context);
  const answering = routes.find((route) => route.method !== 'ALL');
  if (answering === undefined) return { access: undefined, routed: false };
  let access: RouteAccess<never> | undefined;
  for (const route of routes) {
    if (route.method === answering.method && route.path === answering.path) access ??= accessOfHandler(route.handler);
  }
  return { access, routed: true };
}

function unauthenticated(context: Context, message: string): Response {
  return context.json({ error_code: 'UNAUTHENTICATED', message }, MLFLOW_ERROR_STATUS.UNAUTHENTICATED as 401, { 'WWW-Authenticate': WWW_AUTHENTICATE });
}

/**
 * Authenticates every request but those to public routes: HTTP basic
 * (username and password) or an API token (`Bearer`), answering 401 with a
 * `WWW-Authenticate: Basic` challenge and MLflow's error body otherwise.
 * The route then checks its declared access (403 PERMISSION_DENIED). A route
 * that declares no access is refused to everyone but admins, so a route
 * added without a declaration fails closed.
 */
export function authenticateRequests(authorizer: Authorizer): MiddlewareHandler {
  return async (context, next) => {
    const { access, routed } = declaredAccess(context);
    if (access === 'public') {
      setRequestAccess(context, authorizer.accessFor(undefined));
      return next();
    }
    const parsed = parseAuthorization(context.req.header('authorization'));
    if ('problem' in parsed) return unauthenticated(context, parsed.problem);
    const user = localAdmin(authorizer.auth.localToken, parsed.credentials) ?? (await authorizer.auth.users.authenticate(parsed.credentials));
    if (user === undefined) {
      return unauthenticated(context, parsed.credentials.kind === 'basic' ? 'Wrong username or password.' : 'The API token is invalid or has been revoked.');
    }
    setRequestAccess(context, authorizer.accessFor(user));
    if (access === undefined && routed && !user.isAdmin) {
      throw new AssayError('PERMISSION_DENIED', 'Permission denied: this route declares no access rule, so only admins may call it.');
    }
    return next();
  };
}

/** With auth off: every request may do everything. */
export const allowAllRequests: MiddlewareHandler = async (context, next) => {
  setRequestAccess(context, OPEN_ACCESS);
  await next();
};
