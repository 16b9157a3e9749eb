import type { Context } from 'hono';
import { AssayError, NotFoundError, type Store } from '@assay/core';
import { experimentOfArtifactPath } from './experiment-of-artifact-path.js';
import { LOCAL_ADMIN } from './local-admin.js';
import { permissionAllows, type Permission } from './permission.js';
import type { AccessResource, ResourceAccess, RouteAccess, SelfAccess } from './route-access.js';
import type { AuthenticatedUser, UserStore } from './user-store.js';

/**
 * What one request may do: the checks of its route's declared access, and
 * what handlers need beyond them (filtering search results, granting an
 * experiment's creator MANAGE).
 */
export interface RequestAccess {
  /** The signed-in user; undefined when auth is off (or on a public route). */
  readonly user: AuthenticatedUser | undefined;
  /** Resolves when the request may do what `access` names for its validated input; throws UNAUTHENTICATED or PERMISSION_DENIED (403) otherwise. */
  check(access: RouteAccess<never>, input: unknown): Promise<void>;
  /** Whether the user may read the experiment (admins and auth off: always). For filtering search results. */
  canRead(experimentId: string): boolean;
  /** MLflow's rule: whoever creates an experiment gets MANAGE on it. A no-op with auth off. */
  grantCreator(experimentId: string): Promise<void>;
  /** Whether the user may read the registered model (admins and auth off: always). For filtering search results. */
  canReadModel(name: string): boolean;
  /** Whoever creates a registered model gets MANAGE on it. A no-op with auth off. */
  grantModelCreator(name: string): Promise<void>;
}

/** What the Authorizer needs to know beyond the Store. */
export interface AuthorizerOptions {
  /**
   * The experiment of a trace, for the `trace` resource: the server's, which
   * also knows traces whose info came before their spans (MLflow's clients).
   * Not remembered by the Authorizer (a deleted trace's id may come back
   * elsewhere). Default: the Store's trace, remembered.
   * @throws NotFoundError for an unknown trace.
   */
  experimentOfTrace?: (traceId: string) => Promise<string>;
  /**
   * The registered model a transition request is on, for the
   * `transition-request` resource. Without it, that resource is admin-only.
   * @throws NotFoundError for an unknown request.
   */
  modelOfTransitionRequest?: (id: string) => Promise<string>;
}

/** Auth settings of a server. */
export interface ServerAuth {
  /** Users, passwords, tokens and permissions (e.g. a UsersFile). */
  users: UserStore;
  /** The permission on experiments and registered models a user has no explicit grant for; MLflow's default is READ. */
  defaultPermission?: Permission;
  /**
   * A bearer token accepted as an admin beside the users' own: the one
   * `assay server` announces in its store directory (mode 0600) for the
   * local processes that use that directory. Unset: none.
   */
  localToken?: string;
}

/** Everything allowed, nobody signed in: the server without auth. */
export const OPEN_ACCESS: RequestAccess = {
  user: undefined,
  check: () => Promise.resolve(),
  canRead: () => true,
  grantCreator: () => Promise.resolve(),
  canReadModel: () => true,
  grantModelCreator: () => Promise.resolve(),
};

function permissionDenied(message: string): AssayError {
  return new AssayError('PERMISSION_DENIED', `Permission denied: ${message}`);
}

// Runs and traces never move between experiments, so their experiment is remembered.
const MAX_REMEMBERED_PARENTS = 10_000;

/**
 * Decides requests for a server with auth on. The permission a user has on an
 * experiment is the one granted to them explicitly, else the default; runs,
 * traces and artifacts inherit their experiment's.
 */
export class Authorizer {
  readonly defaultPermission: Permission;
  private readonly parents = new Map<string, string>();

  constructor(
    private readonly store: Store,
    readonly auth: ServerAuth,
    private readonly options: AuthorizerOptions = {},
  ) {
    this.defaultPermission = auth.defaultPermission ?? 'READ';
  }

  /** The access of a request signed in as `user`, or of an anonymous request to a public route. */
  accessFor(user: AuthenticatedUser | undefined): RequestAccess {
    const permissionOn = (experimentId: string): Permission =>
      user !== undefined && Object.hasOwn(user.experimentPermissions, experimentId) ? user.experimentPermissions[experimentId]! : this.defaultPermission;
    const permissionOnModel = (name: string): Permission =>
      user !== undefined && Object.hasOwn(user.registeredModelPermissions, name) ? user.registeredModelPermissions[name]! : this.defaultPermission;
    const checkOne = async (signedIn: AuthenticatedUser, access: ResourceAccess<never> | SelfAccess<never>, input: unknown): Promise<void> => {
      if ('self' in access) {
        const username = access.self(input as never);
        if (username !== signedIn.username) throw permissionDenied(`only '${username}' or an admin may do this.`);
        return;
      }
      const ids = access.idFrom(input as never);
      for (const id of typeof ids === 'string' ? [ids] : ids) {
        if (access.resource === 'registered-model' || access.resource === 'transition-request') {
          if (access.resource === 'transition-request' && this.options.modelOfTransitionRequest === undefined) throw permissionDenied('only admins may do this.');
          const name = access.resource === 'transition-request' ? await this.options.modelOfTransitionRequest!(id) : id;
          const granted = permissionOnModel(name);
          if (!permissionAllows(granted, access.permission)) {
            throw permissionDenied(`this needs ${access.permission} on registered model '${name.slice(0, 200)}'; user '${signedIn.username}' has ${granted}.`);
          }
          continue;
        }
        const experimentId = await this.experimentOf(access.resource, id);
        if (experimentId === undefined) throw permissionDenied(`'${id.slice(0, 200)}' is outside every experiment's artifact folder; only admins may reach it.`);
        const granted = permissionOn(experimentId);
        if (!permissionAllows(granted, access.permission)) {
          throw permissionDenied(`this needs ${access.permission} on experiment '${experimentId}'; user '${signedIn.username}' has ${granted}.`);
        }
      }
    };
    return {
      user,
      check: async (access, input) => {
        if (access === 'public') return;
        if (user === undefined) throw new AssayError('UNAUTHENTICATED', 'Authentication required.');
        if (user.isAdmin || access === 'authenticated') return;
        if (access === 'admin') throw permissionDenied('only admins may do this.');
        for (const part of 'allOf' in access ? access.allOf : [access]) await checkOne(user, part, input);
      },
      canRead: (experimentId) => user === undefined || user.isAdmin || permissionAllows(permissionOn(experimentId), 'READ'),
      grantCreator: async (experimentId) => {
        // The local admin is no user of the users file: it has every permission anyway.
        if (user === undefined || user === LOCAL_ADMIN) return;
        await this.auth.users.setExperimentPermission({ username: user.username, experimentId, permission: 'MANAGE', mode: 'upsert' });
      },
      canReadModel: (name) => user === undefined || user.isAdmin || permissionAllows(permissionOnModel(name), 'READ'),
      grantModelCreator: async (name) => {
        if (user === undefined || user === LOCAL_ADMIN) return;
        await this.auth.users.setRegisteredModelPermission({ username: user.username, name, permission: 'MANAGE', mode: 'upsert' });
      },
    };
  }

  /** The experiment a declared resource id belongs to. */
  private async experimentOf(resource: AccessResource, id: string): Promise<string | undefined> {
    switch (resource) {
      case 'experiment':
        return id;
      case 'experiment-name': {
        const experiment = await this.store.getExperimentByName({ name: id });
        if (experiment === undefined) throw new NotFoundError(`Could not find experiment with name '${id}'.`);
        return experiment.experimentId;
      }
      case 'run':
        return this.remembered(`run:${id}`, async () => (await this.store.getRun({ runId: id })).info.experimentId);
      case 'trace':
        if (this.options.experimentOfTrace !== undefined) return this.options.experimentOfTrace(id);
        return this.remembered(`trace:${id}`, async () => (await this.store.getTrace({ traceId: id })).info.experimentId);
      case 'artifact-path':
        return experimentOfArtifactPath(this.store, id);
      case 'registered-model':
      case 'transition-request':
        throw new Error('A registered model belongs to no experiment.');
    }
  }

  private async remembered(key: string, lookup: () => Promise<string>): Promise<string> {
    const known = this.parents.get(key);
    if (known !== undefined) return known;
    const experimentId = await lookup();
    if (this.parents.size >= MAX_REMEMBERED_PARENTS) this.parents.clear();
    this.parents.set(key, experimentId);
    return experimentId;
  }
}

const ACCESS_KEY = 'assay.access';

/** Attaches a request's access (the auth middleware does, for every request). */
export function setRequestAccess(context: Context, access: RequestAccess): void {
  context.set(ACCESS_KEY as never, access as never);
}

/** The access of the request: what its handlers may do. Throws (500, logged) when the auth middleware did not run. */
export function requestAccess(context: Context): RequestAccess {
  const access = context.get(ACCESS_KEY as never) as RequestAccess | undefined;
  if (access === undefined) throw new Error('No access was attached to the request: the auth middleware must run before the routes.');
  return access;
}
