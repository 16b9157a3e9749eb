/** What a registry change did: one per RegistryStore write. */
export type RegistryAction =
  | 'create_model'
  | 'rename_model'
  | 'update_model'
  | 'delete_model'
  | 'set_model_tag'
  | 'delete_model_tag'
  | 'create_version'
  | 'update_version'
  | 'delete_version'
  | 'set_version_tag'
  | 'delete_version_tag'
  | 'transition_stage'
  | 'set_alias'
  | 'delete_alias'
  | 'set_protection'
  | 'create_request'
  | 'approve_request'
  | 'reject_request'
  | 'cancel_request';

/**
 * One entry of the registry's append-only audit log: who changed what, when,
 * from what to what, and why. Written in the same transaction as the change,
 * so an event exists exactly when its change does; never updated or deleted
 * (a model's deletion is itself an event, and its history stays readable).
 */
export interface RegistryEvent {
  /** Increasing: later events have larger ids. */
  id: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Who made the change: the signed-in user on a server, the caller's `actor` on a local store; absent when nobody was named. */
  actor?: string;
  /** The model's name when the change was made (a rename's event carries the old name; `after.name` the new one). */
  name: string;
  /** The version the change concerns, for version, stage and alias changes. */
  version?: number;
  action: RegistryAction;
  /** The values the change replaced, e.g. `{ stage: 'Staging' }`; absent for a creation. */
  before?: Record<string, unknown>;
  /** The values after the change, e.g. `{ stage: 'Production', archived: [2] }`; absent for a deletion. */
  after?: Record<string, unknown>;
  /** The reason given with the change. */
  comment?: string;
}
