import { formatTimestamp } from '../../output/format-timestamp.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { CommandInvocation } from '../command-invocation.js';
import { resolveUsersFile, type UsersFileOptions } from './resolve-users-file.js';

/** The options of `assay server tokens create`. */
export interface CreateTokenCommandOptions extends UsersFileOptions {
  /** A label for the token, e.g. `ci`. */
  name?: string;
  /** Print JSON ({ id, username, name, createdAt, token }). */
  json?: boolean;
}

/** The options of `assay server tokens list`. */
export interface ListTokensCommandOptions extends UsersFileOptions {
  /** Only this user's tokens. */
  user?: string;
  /** Print JSON instead of a table. */
  json?: boolean;
}

/** `assay server tokens create <username>`: prints the token once; only its hash is kept. */
export async function createToken({ context, command, username, options }: CommandInvocation<CreateTokenCommandOptions> & { username: string }): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  const created = await users.createToken({ username, ...(options.name !== undefined ? { name: options.name } : {}) });
  if (options.json) {
    printJson(created, context.stdout);
    return;
  }
  context.stderr(`Created API token ${created.id} for ${created.username}. Copy it now: it is not shown again.\n`);
  context.stdout(`${created.token}\n`);
  context.stderr('Clients send it as "Authorization: Bearer <token>" (ASSAY_TRACKING_TOKEN, or MLFLOW_TRACKING_TOKEN for MLflow\'s clients).\n');
}

/** The options of `assay server tokens revoke`. */
export interface RevokeTokenCommandOptions extends UsersFileOptions {
  /** Print JSON ({ id, revoked }). */
  json?: boolean;
}

/** `assay server tokens revoke <token-id>`. */
export async function revokeToken({ context, command, tokenId, options }: CommandInvocation<RevokeTokenCommandOptions> & { tokenId: string }): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  await users.revokeToken(tokenId);
  if (options.json) printJson({ id: tokenId, revoked: true }, context.stdout);
  else context.stdout(`Revoked API token ${tokenId}.\n`);
}

/** `assay server tokens list [--user <username>]`: ids, users, names and dates, never the secrets. */
export async function listTokens({ context, command, options }: CommandInvocation<ListTokensCommandOptions>): Promise<void> {
  const users = await resolveUsersFile(command, context, options);
  const tokens = await users.listTokens(options.user);
  if (options.json) {
    printJson(tokens, context.stdout);
    return;
  }
  if (tokens.length === 0) {
    context.stdout('No API tokens. Create one: assay server tokens create <username>\n');
    return;
  }
  printTable({ head: ['Id', 'User', 'Name', 'Created'], rows: tokens.map((token) => [token.id, token.username, token.name, formatTimestamp(token.createdAt)]) }, context.stdout);
}
