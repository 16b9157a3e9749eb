import type { RequiredPermission } from './permission.js';

/**
 * What names the resource a request acts on: an experiment by its id, its
 * name, one of its runs or traces (which inherit their experiment's
 * permission), or an artifact-proxy path under its artifact folder; or a
 * registered model by its name (its versions, tags and aliases inherit its
 * permission), or a registered model by the id of a transition request on it.
 */
export type AccessResource = 'experiment' | 'experiment-name' | 'run' | 'trace' | 'artifact-path' | 'registered-model' | 'transition-request';

/** A permission needed on the experiment(s) a request names. */
export interface ResourceAccess<Input> {
  /** What `idFrom` returns: an experiment id, name, run id, trace id or artifact path, a registered model's name, or a transition request's id. */
  resource: AccessResource;
  /** MLflow's semantics: READ reads; EDIT writes runs, metrics, params, tags, traces, artifacts; MANAGE deletes and grants. */
  permission: RequiredPermission;
  /** The id(s) from the validated request (a list needs the permission on each, e.g. runs/search's experiment_ids). */
  idFrom: (input: Input) => string | readonly string[];
  /** What the OpenAPI document says the route needs, when the default (`<permission> on <resource>`) says too little, e.g. for an optional id. */
  description?: string;
}

/** Allowed to the user the request names (e.g. reading or changing one's own password) and to admins. */
export interface SelfAccess<Input> {
  /** The username the request acts on. */
  self: (input: Input) => string;
}

/** Every one of several accesses, e.g. EDIT on a run's experiment and on each trace's (traces/link-to-run). */
export interface AllOfAccess<Input> {
  /** The accesses that must all pass, checked in order. */
  allOf: readonly (ResourceAccess<Input> | SelfAccess<Input>)[];
}

/**
 * What a route needs, declared beside its definition (`access` of
 * jsonPostRoute/queryGetRoute, or withAccess/guardHandler for other routes)
 * and checked once its request is validated:
 * - `'public'`: no authentication (`/health`);
 * - `'authenticated'`: any signed-in user (creating an experiment; searches,
 *   whose handlers drop what the user cannot read);
 * - `'admin'`: admins only;
 * - `{ resource, permission, idFrom }`: a permission on the experiment the
 *   request names;
 * - `{ self }`: the named user, or an admin;
 * - `{ allOf }`: each of several of the above.
 *
 * Admins pass every check. With auth off, everything is allowed. A route
 * that declares nothing is admin-only.
 */
export type RouteAccess<Input = never> = 'public' | 'authenticated' | 'admin' | ResourceAccess<Input> | SelfAccess<Input> | AllOfAccess<Input>;

const RESOURCE_NAMES: Record<AccessResource, string> = {
  experiment: 'the experiment',
  'experiment-name': 'the experiment',
  run: "the run's experiment",
  trace: "the trace's experiment",
  'artifact-path': 'the experiment whose artifact folder holds the path',
  'registered-model': 'the registered model',
  'transition-request': "the transition request's registered model",
};

function describeNeed(access: ResourceAccess<never> | SelfAccess<never>): string {
  if ('self' in access) return 'the user named in the request';
  return access.description ?? `${access.permission} on ${RESOURCE_NAMES[access.resource]}`;
}

/** One line for the OpenAPI document: who may call the route. */
export function describeAccess(access: RouteAccess<never>): string {
  if (access === 'public') return 'No authentication.';
  if (access === 'authenticated') return 'Any signed-in user.';
  if (access === 'admin') return 'Admins only.';
  if ('self' in access) return 'The user named in the request, or an admin.';
  if ('allOf' in access) return `${access.allOf.map(describeNeed).join(', and ')} (or an admin).`;
  return `${describeNeed(access)} (or an admin).`;
}
