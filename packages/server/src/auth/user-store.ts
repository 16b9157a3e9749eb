import type { Permission } from './permission.js';

/** A user as the server and the CLI show it (no password hash, no token secrets). */
export interface UserInfo {
  /** A number, as MLflow's user ids. */
  id: number;
  /** The login name (letters, digits and `._@+-`). */
  username: string;
  /** Admins may do everything: manage users, every experiment, whatever permission they hold. */
  isAdmin: boolean;
  /** When the user was added, ms since the epoch. */
  createdAt: number;
  /** The permissions granted to the user explicitly, by experiment id; other experiments get the server's default. */
  experimentPermissions: Readonly<Record<string, Permission>>;
  /** The permissions granted to the user explicitly, by registered model name; other models get the server's default. */
  registeredModelPermissions: Readonly<Record<string, Permission>>;
}

/** An API token as it is listed: never its secret. */
export interface ApiTokenInfo {
  /** The token's public id (16 hex characters), part of the token itself. */
  id: string;
  /** The user the token acts as. */
  username: string;
  /** A label given at creation, e.g. `ci`. */
  name: string;
  /** When it was created, ms since the epoch. */
  createdAt: number;
}

/** How a request says who it is. */
export type Credentials = { kind: 'basic'; username: string; password: string } | { kind: 'token'; token: string };

/** The user a request was authenticated as, with what their permissions are decided from. */
export interface AuthenticatedUser extends UserInfo {
  /** How they signed in: HTTP basic (password) or an API token. */
  method: 'basic' | 'token';
  /** The id of the API token used, when `method` is `token`. */
  tokenId?: string;
}

/**
 * Users, their passwords, API tokens, admin flags and experiment permissions:
 * what the server's auth reads and its user and permission routes change.
 * `UsersFile` keeps them in a JSON file; another implementation could keep
 * them in a database. Errors are AssayErrors: NotFoundError for an unknown
 * user, token or permission, AlreadyExistsError for a taken username or an
 * existing permission, InvalidParameterError for bad input.
 */
export interface UserStore {
  /**
   * The user the credentials belong to, or undefined when they match no
   * user: wrong password, unknown user, unknown or revoked token. Takes
   * about as long for an unknown user as for a wrong password.
   */
  authenticate(credentials: Credentials): Promise<AuthenticatedUser | undefined>;
  /** Every user, by username. */
  listUsers(): Promise<UserInfo[]>;
  /** One user, or undefined. */
  getUser(username: string): Promise<UserInfo | undefined>;
  /** Adds a user (the password is hashed with scrypt and a salt of its own). */
  createUser(input: { username: string; password: string; isAdmin?: boolean }): Promise<UserInfo>;
  /** Replaces a user's password. */
  setPassword(input: { username: string; password: string }): Promise<void>;
  /** Makes a user an admin or takes it back; refuses to remove the last admin. */
  setAdmin(input: { username: string; isAdmin: boolean }): Promise<void>;
  /** Removes a user with their tokens and permissions; refuses to remove the last admin. */
  deleteUser(username: string): Promise<void>;
  /**
   * Grants a permission on an experiment: `mode: 'create'` fails when the
   * user has one there already (AlreadyExistsError), `'update'` when they
   * have none (NotFoundError), `'upsert'` sets it either way.
   */
  setExperimentPermission(input: { username: string; experimentId: string; permission: Permission; mode: 'create' | 'update' | 'upsert' }): Promise<void>;
  /** Takes back the permission granted on an experiment (the default applies again). */
  deleteExperimentPermission(input: { username: string; experimentId: string }): Promise<void>;
  /** Grants a permission on a registered model, by name; `mode` as setExperimentPermission's. */
  setRegisteredModelPermission(input: { username: string; name: string; permission: Permission; mode: 'create' | 'update' | 'upsert' }): Promise<void>;
  /** Takes back the permission granted on a registered model (the default applies again). */
  deleteRegisteredModelPermission(input: { username: string; name: string }): Promise<void>;
  /**
   * Moves every user's grant on the model `name` to `newName` (a renamed
   * model keeps its permissions); grants left on `newName` are replaced.
   */
  renameRegisteredModelPermissions(input: { name: string; newName: string }): Promise<void>;
  /** Removes every user's grant on a model (once it is deleted, so that a new model of its name starts afresh). */
  deleteRegisteredModelPermissions(name: string): Promise<void>;
  /** Makes an API token acting as the user; the token is returned once and only its hash is kept. */
  createToken(input: { username: string; name?: string }): Promise<ApiTokenInfo & { token: string }>;
  /** Revokes a token by id: requests bearing it fail from then on. */
  revokeToken(tokenId: string): Promise<void>;
  /** The tokens of one user, or of everyone. */
  listTokens(username?: string): Promise<ApiTokenInfo[]>;
}
