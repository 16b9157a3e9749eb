import { InvalidParameterError } from '@assay/core';
import { isPermission, type Permission, type ServerAuth, type UsersFile } from '@assay/server';
import type { CliContext } from '../../cli-context.js';

/** The environment variables that name the first admin, created when auth is on and the user does not exist. */
export const ADMIN_USERNAME_ENV = 'ASSAY_ADMIN_USERNAME';
export const ADMIN_PASSWORD_ENV = 'ASSAY_ADMIN_PASSWORD';
/** The environment variable that sets the default permission (as --default-permission). */
export const DEFAULT_PERMISSION_ENV = 'ASSAY_DEFAULT_PERMISSION';

/** Options of prepareServerAuth. */
export interface PrepareServerAuthOptions {
  context: CliContext;
  usersFile: UsersFile;
  options: { auth?: boolean; defaultPermission?: string };
}

/** Whether the server runs with auth, and how to set it up once the host is accepted. */
export interface ServerAuthSetup {
  /** Auth is on: the users file exists, or --auth was given. */
  enabled: boolean;
  /** Creates the admin named in the environment if needed and checks the users; the server's auth (undefined when off) and a line to print. */
  activate(): Promise<{ auth: ServerAuth | undefined; summary: string }>;
}

function environmentValue(context: CliContext, name: string): string | undefined {
  const value = context.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function adminFromEnvironment(context: CliContext): { username: string; password: string } | undefined {
  const username = environmentValue(context, ADMIN_USERNAME_ENV);
  const password = environmentValue(context, ADMIN_PASSWORD_ENV);
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) throw new InvalidParameterError(`Set both ${ADMIN_USERNAME_ENV} and ${ADMIN_PASSWORD_ENV} to create the first admin, or neither.`);
  return { username, password };
}

function defaultPermissionOf(context: CliContext, option: string | undefined): Permission {
  const value = (option ?? environmentValue(context, DEFAULT_PERMISSION_ENV) ?? 'READ').toUpperCase();
  if (!isPermission(value)) throw new InvalidParameterError(`Invalid ${DEFAULT_PERMISSION_ENV} '${value}': use READ, EDIT, MANAGE or NO_PERMISSIONS.`);
  return value;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Decides whether `assay server` runs with auth: on when the users file
 * exists or with `--auth`. Activating it creates the admin that
 * ASSAY_ADMIN_USERNAME/ASSAY_ADMIN_PASSWORD name when that user does not
 * exist, and refuses to start with no users at all (nobody could sign in).
 */
export async function prepareServerAuth({ context, usersFile, options }: PrepareServerAuthOptions): Promise<ServerAuthSetup> {
  const admin = adminFromEnvironment(context);
  const defaultPermission = defaultPermissionOf(context, options.defaultPermission);
  const enabled = options.auth === true || (await usersFile.exists());
  if (!enabled) {
    return {
      enabled,
      activate: () => {
        if (admin !== undefined) context.stderr(`note: ${ADMIN_USERNAME_ENV} is set but auth is off (no users file at ${usersFile.path}); pass --auth to turn it on.\n`);
        return Promise.resolve({ auth: undefined, summary: `Auth: off (no users file at ${usersFile.path}; add one with: assay server users add --admin <name>)` });
      },
    };
  }
  return {
    enabled,
    activate: async () => {
      if (admin !== undefined && (await usersFile.getUser(admin.username)) === undefined) {
        await usersFile.createUser({ ...admin, isAdmin: true });
        context.stderr(`Created admin ${admin.username} (from ${ADMIN_USERNAME_ENV}) in ${usersFile.path}.\n`);
      }
      const users = await usersFile.listUsers();
      if (users.length === 0) {
        throw new InvalidParameterError(
          `Auth is on but ${usersFile.path} has no users, so nobody could sign in. Add an admin with \`assay server users add --admin <name>\`, ` +
            `or set ${ADMIN_USERNAME_ENV} and ${ADMIN_PASSWORD_ENV}.`,
        );
      }
      const admins = users.filter((user) => user.isAdmin).length;
      if (admins === 0) context.stderr('warning: no user is an admin, so nobody can manage users or permissions over HTTP (assay server users make-admin <name>).\n');
      const mode = await usersFile.mode();
      if (mode !== undefined && (mode & 0o077) !== 0) {
        context.stderr(`warning: ${usersFile.path} is readable by other users of this machine (mode ${mode.toString(8)}); run: chmod 600 ${usersFile.path}\n`);
      }
      return {
        auth: { users: usersFile, defaultPermission },
        summary: `Auth: on (${plural(users.length, 'user')}, ${plural(admins, 'admin')}; default permission ${defaultPermission}; users file ${usersFile.path})`,
      };
    },
  };
}
