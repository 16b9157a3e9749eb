import { Option } from 'commander';

/** What `--actor` gives a registry write. */
export interface ActorOptions {
  /** Who the audit log names; default the user running the command. */
  actor?: string;
  /** Why, recorded with the change. */
  comment?: string;
}

/** `--actor <name>`: who a registry change is recorded as (a server records its signed-in user instead). */
export function createActorOption(): Option {
  return new Option('--actor <name>', 'who the audit log names for this change (default: the local user; a server records the signed-in user)');
}

/** `--comment <text>`: why, recorded with the change in the audit log. */
export function createCommentOption(what = 'why, recorded in the audit log'): Option {
  return new Option('--comment <text>', what);
}
