import { api, ApiError } from './assay-api';

/** What the signed-in user may do on one registered model, as far as the page can tell; the server still decides every write. */
export interface RegistryPermission {
  /** The signed-in user; undefined when the server runs without auth. */
  username: string | undefined;
  /** Their permission when the page knows it: a grant on the model, an admin (MANAGE), or no auth (MANAGE). Undefined: the server's default applies, which the page cannot read. */
  permission: 'NO_PERMISSIONS' | 'READ' | 'EDIT' | 'MANAGE' | undefined;
  /** False only when the page knows the user lacks EDIT (controls are then disabled; otherwise the server's answer is shown). */
  mayEdit: boolean;
  /** False only when the page knows the user lacks MANAGE. */
  mayManage: boolean;
}

interface Session {
  auth: boolean;
  user: { username: string; is_admin: boolean } | null;
}

interface MlflowUser {
  registered_model_permissions?: Array<{ name: string; permission: RegistryPermission['permission'] }>;
}

const ORDER = ['NO_PERMISSIONS', 'READ', 'EDIT', 'MANAGE'] as const;

/**
 * The user's permission on a model: `GET /api/assay/v1/session` says who is
 * signed in, and MLflow's `users/get` (a user may read their own) lists the
 * grants. Without a grant the server's default permission applies, which no
 * route tells, so the controls stay enabled and a refusal is shown.
 */
export async function registryPermissionOf(modelName: string): Promise<RegistryPermission> {
  const session = await api<Session>('/api/assay/v1/session');
  if (!session.auth || session.user === null) return { username: session.user?.username, permission: 'MANAGE', mayEdit: true, mayManage: true };
  const username = session.user.username;
  if (session.user.is_admin) return { username, permission: 'MANAGE', mayEdit: true, mayManage: true };
  let permission: RegistryPermission['permission'];
  try {
    const { user } = await api<{ user: MlflowUser }>('/api/2.0/mlflow/users/get', { query: { username } });
    permission = user.registered_model_permissions?.find((grant) => grant.name === modelName)?.permission;
  } catch (error) {
    // A token of the local admin is no user of the users file: leave the decision to the server.
    if (!(error instanceof ApiError)) throw error;
  }
  if (permission === undefined) return { username, permission, mayEdit: true, mayManage: true };
  const level = ORDER.indexOf(permission);
  return { username, permission, mayEdit: level >= ORDER.indexOf('EDIT'), mayManage: level >= ORDER.indexOf('MANAGE') };
}
