import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidParameterError } from '@assay/core';
import { USERS_FILE_NAME, UsersFile } from '@assay/server';
import type { CliContext } from '../../cli-context.js';
import { resolveTrackingUri } from '../../options/store-option.js';

/** The environment variable naming the users file (instead of `users.json` in the store directory). */
export const USERS_FILE_ENV = 'ASSAY_USERS_FILE';

/** The options that locate the users file. */
export interface UsersFileOptions {
  /** The store directory (default: the tracking URI). */
  store?: string;
  /** The users file (default: ASSAY_USERS_FILE, else users.json in the store directory). */
  usersFile?: string;
}

/** The store directory of `assay server` and its users commands: `--store`, else the tracking URI; refused for a server URL. */
export async function resolveServedStore(command: Command, context: CliContext, options: UsersFileOptions): Promise<string> {
  const uri = options.store ?? resolveTrackingUri(command, context.env);
  const { parseTrackingUri } = await import('@assay/sdk');
  const target = parseTrackingUri(uri);
  if (target.kind === 'http') {
    throw new InvalidParameterError(`assay server works on a local store directory; ${target.url} is a server already. Pass --store <dir> (or run it where that server keeps its store).`);
  }
  return target.root;
}

/** The users file: `--users-file`, else `ASSAY_USERS_FILE`, else `users.json` in the store directory. */
export async function resolveUsersFile(command: Command, context: CliContext, options: UsersFileOptions): Promise<UsersFile> {
  const fromEnv = context.env[USERS_FILE_ENV];
  const path = options.usersFile ?? (fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : join(await resolveServedStore(command, context, options), USERS_FILE_NAME));
  return new UsersFile({ path: resolve(path) });
}

/** Refuses a users file the artifact proxy could serve (inside the artifact root). */
export function checkUsersFileOutside(usersFile: UsersFile, artifactRoot: string): void {
  const inside = relative(resolve(artifactRoot), usersFile.path);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
    throw new InvalidParameterError(`The users file ${usersFile.path} is inside the artifact root ${artifactRoot}, which the server serves: put it elsewhere (--users-file).`);
  }
}
