import { api } from './assay-api';

/** What the signed-in user may do on one registered model; the server still decides every write. */
export interface RegistryPermission {
  /** The signed-in user; undefined when the server runs without auth. */
  username: string | undefined;
  /** Their permission on the model, the server's default applied (MANAGE for admins and without auth). */
  permission: 'READ' | 'EDIT' | 'MANAGE';
  /** Whether the controls of EDIT (aliases, stages, approval requests) are enabled. */
  mayEdit: boolean;
  /** Whether the controls of MANAGE (approve, reject) are enabled. */
  mayManage: boolean;
}

interface Session {
  auth: boolean;
  user: { username: string; is_admin: boolean } | null;
}

/**
 * Who is signed in (`/api/assay/v1/session`) and their permission on the model
 * (`/api/assay/v1/registered-models/my-permission`). A permission changed after
 * the page was rendered is caught by the server, whose refusal the page shows.
 */
export async function registryPermissionOf(modelName: string): Promise<RegistryPermission> {
  const [session, { permission }] = await Promise.all([
    api<Session>('/api/assay/v1/session'),
    api<{ permission: RegistryPermission['permission'] }>('/api/assay/v1/registered-models/my-permission', { query: { name: modelName } }),
  ]);
  return { username: session.user?.username, permission, mayEdit: permission !== 'READ', mayManage: permission === 'MANAGE' };
}
