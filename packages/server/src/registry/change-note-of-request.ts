import type { RegistryChangeNote } from '@assay/core';
import type { RequestAccess } from '../auth/request-access.js';

/**
 * Who makes a registry change and why, as the store records it: with auth on,
 * the signed-in user, whatever `actor` the client sent (a client may not
 * write someone else's name into the audit log); with auth off, the client's
 * `actor` when given.
 */
export function changeNoteOfRequest(access: RequestAccess, body: { actor?: string | undefined; comment?: string | undefined }): RegistryChangeNote {
  const actor = access.user !== undefined ? access.user.username : body.actor;
  return { ...(actor !== undefined ? { actor } : {}), ...(body.comment !== undefined ? { comment: body.comment } : {}) };
}

/** A write's validated body without the client's actor and comment, plus the note the store records (changeNoteOfRequest). */
export function withChangeNote<Body extends { actor?: string | undefined; comment?: string | undefined }>(
  access: RequestAccess,
  body: Body,
): Omit<Body, 'actor' | 'comment'> & RegistryChangeNote {
  const { actor: _actor, comment: _comment, ...rest } = body;
  return { ...rest, ...changeNoteOfRequest(access, body) };
}
