import { currentUser } from '../tracking/system-tags.js';

/**
 * Who a registry change is recorded as: the given actor, else the user
 * running this process (as a run's `mlflow.user`); undefined when the system
 * cannot tell. A server records its signed-in user instead.
 */
export function defaultActor(actor?: string): string | undefined {
  if (actor !== undefined && actor !== '') return actor;
  const user = currentUser();
  return user === '' ? undefined : user;
}
