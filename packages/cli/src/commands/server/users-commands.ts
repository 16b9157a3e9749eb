import { AlreadyExistsError, NotFoundError } from '@assay/core';
import type { UserInfo } from '@assay/server';
import type { CliContext } from '../../cli-context.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { resolveUsersFile, type UsersFileOptions } from './resolve-users-file.js';

/** The options of `assay server users add`. */
export interface AddUserCommandOptions extends UsersFileOptions {
  /** Make the user an admin. */
  admin?: boolean;
  /** Print the user as JSON. */
  json?: boolean;
}

/** The options of the users commands that change one user. */
export interface ChangeUserCommandOptions extends UsersFileOptions {
  /** Print JSON instead of a message. */
  json?: boolean;
}

/** The options of `assay server users make-admin`. */
export interface MakeAdminCommandOptions extends ChangeUserCommandOptions {
  /** Take admin rights back instead. */
  revoke?: boolean;
}

/** The options of `assay server users list`. */
export interface ListUsersCommandOptions extends UsersFileOptions {
  /** Print JSON instead of a table. */
  json?: boolean;
}

/** Options of the user commands that name one user. */
export interface UserCommandInvocation<Options> extends CommandInvocation<Options> {
  username: string;
}

function toUserJson(user: UserInfo) {
  return { username: user.username, isAdmin: user.isAdmin, createdAt: user.createdAt, experimentPermissions: user.experimentPermissions };
}

async function readNewPassword(context: CliContext, username: string): Promise<string> {
  return context.readSecret({ prompt: `Password for ${username}: `, confirm: true });
}

/** `assay server users add <username> [--admin]`: the password comes from a prompt or stdin. */
export async function addUser({ context, command, username, options }: UserCommandInvocation<AddUserCommandOptions>): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  const firstUser = !(await users.exists());
  // Before asking for a password that could not be used.
  if ((await users.getUser(username)) !== undefined) throw new AlreadyExistsError(`User '${username}' already exists in ${users.path}.`);
  const password = await readNewPassword(context, username);
  const user = await users.createUser({ username, password, isAdmin: options.admin === true });
  if (options.json) {
    printJson(toUserJson(user), context.stdout);
    return;
  }
  context.stdout(`Added ${user.isAdmin ? 'admin' : 'user'} ${user.username} to ${users.path}.\n`);
  if (firstUser) context.stderr('The users file exists now, so `assay server` on this store runs with authentication.\n');
}

/** `assay server users remove <username>`. */
export async function removeUser({ context, command, username, options }: UserCommandInvocation<ChangeUserCommandOptions>): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  await users.deleteUser(username);
  if (options.json) printJson({ username, removed: true }, context.stdout);
  else context.stdout(`Removed user ${username} with their API tokens and permissions.\n`);
}

/** `assay server users set-password <username>`: the password comes from a prompt or stdin. */
export async function setUserPassword({ context, command, username, options }: UserCommandInvocation<ChangeUserCommandOptions>): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  if ((await users.getUser(username)) === undefined) throw new NotFoundError(`User '${username}' does not exist in ${users.path}.`);
  await users.setPassword({ username, password: await readNewPassword(context, username) });
  if (options.json) printJson({ username, passwordChanged: true }, context.stdout);
  else context.stdout(`Changed the password of ${username}.\n`);
}

/** `assay server users make-admin <username> [--revoke]`. */
export async function makeAdmin({ context, command, username, options }: UserCommandInvocation<MakeAdminCommandOptions>): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  const isAdmin = options.revoke !== true;
  await users.setAdmin({ username, isAdmin });
  const user = await users.getUser(username);
  if (options.json && user !== undefined) printJson(toUserJson(user), context.stdout);
  else context.stdout(isAdmin ? `${username} is an admin now.\n` : `${username} is no longer an admin.\n`);
}

/** `assay server users list`. */
export async function listUsers({ context, command, options }: CommandInvocation<ListUsersCommandOptions>): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  const list = await users.listUsers();
  if (options.json) {
    printJson(list.map(toUserJson), context.stdout);
    return;
  }
  if (list.length === 0) {
    context.stdout(`No users in ${users.path}. Add an admin: assay server users add --admin <username>\n`);
    return;
  }
  const tokens = await users.listTokens();
  printTable(
    {
      head: ['Username', 'Admin', 'Permissions', 'Tokens', 'Created'],
      rows: list.map((user) => [
        user.username,
        user.isAdmin ? 'yes' : 'no',
        Object.entries(user.experimentPermissions)
          .map(([experimentId, permission]) => `${experimentId}:${permission}`)
          .join(' ') || '-',
        String(tokens.filter((token) => token.username === user.username).length),
        formatTimestamp(user.createdAt),
      ]),
      alignRight: [3],
    },
    context.stdout,
  );
}
