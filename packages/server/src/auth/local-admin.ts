import { timingSafeEqual } from 'node:crypto';
import type { AuthenticatedUser, Credentials } from './user-store.js';

/** The user behind the server's local token (see ServerAuth.localToken): an admin, not in the users file. */
export const LOCAL_ADMIN: AuthenticatedUser = Object.freeze({
  id: 0,
  username: 'assay-local',
  isAdmin: true,
  createdAt: 0,
  experimentPermissions: Object.freeze({}),
  registeredModelPermissions: Object.freeze({}),
  method: 'token' as const,
});

/** The local admin when the credentials are the server's local token (compared in constant time); else undefined. */
export function localAdmin(localToken: string | undefined, credentials: Credentials): AuthenticatedUser | undefined {
  if (localToken === undefined || localToken === '' || credentials.kind !== 'token') return undefined;
  const given = Buffer.from(credentials.token);
  const expected = Buffer.from(localToken);
  return given.length === expected.length && timingSafeEqual(given, expected) ? LOCAL_ADMIN : undefined;
}
