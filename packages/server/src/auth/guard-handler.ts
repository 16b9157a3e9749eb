import type { Context, Handler } from 'hono';
import { COMPOSED_HANDLER } from 'hono/utils/constants';
import { requestAccess } from './request-access.js';
import type { RouteAccess } from './route-access.js';

const routeAccess = new WeakMap<object, RouteAccess<never>>();
const handlerAccess = new WeakMap<object, RouteAccess<never>>();

/**
 * Declares what a route (a `createRoute` config) needs; the router's
 * `openapi()` then checks it for every request once the request is
 * validated. jsonPostRoute and queryGetRoute take `access` and call this.
 */
export function withAccess<Route extends object>(route: Route, access: RouteAccess<never>): Route {
  routeAccess.set(route, access);
  return route;
}

/** The access a route config declares; undefined when it declares none. */
export function accessOfRoute(route: object): RouteAccess<never> | undefined {
  return routeAccess.get(route);
}

/**
 * Wraps a handler so that it runs only when the request may do what
 * `access` names, for the input `inputOf` reads from the request (for
 * routes made with `openapi()`, the validated body, query and path
 * parameters; for raw routes such as the artifact proxy, what the handler
 * reads itself).
 */
export function guardHandler<Input, H extends Handler>(access: RouteAccess<Input>, inputOf: (context: Context) => NoInfer<Input>, handler: H): H {
  const guarded = (async (context: Context, next: () => Promise<void>) => {
    await requestAccess(context).check(access as RouteAccess<never>, access === 'public' || access === 'authenticated' || access === 'admin' ? undefined : inputOf(context));
    return handler(context, next);
  }) as unknown as H;
  handlerAccess.set(guarded, access as RouteAccess<never>);
  return guarded;
}

/** The access of a guarded handler (also when Hono wrapped it to mount a sub-app); undefined for any other handler. */
export function accessOfHandler(handler: Handler): RouteAccess<never> | undefined {
  const inner = (handler as unknown as Record<string, unknown>)[COMPOSED_HANDLER];
  return handlerAccess.get(handler) ?? (typeof inner === 'function' ? accessOfHandler(inner as Handler) : undefined);
}

/** The validated input of an `openapi()` route: its path parameters, query and JSON body, merged. */
export function validatedInput(context: Context): Record<string, unknown> {
  const request = context.req as unknown as { valid(target: string): Record<string, unknown> | undefined };
  return { ...request.valid('param'), ...request.valid('query'), ...request.valid('json') };
}
