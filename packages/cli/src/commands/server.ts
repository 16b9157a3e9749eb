import { Command, InvalidArgumentError, type OptionValues } from 'commander';
import type { CliContext } from '../cli-context.js';
import { parseNonNegativeInteger } from '../options/parse-non-negative-integer.js';
import type { CommandInvocation } from './command-invocation.js';
import type { ServerCommandOptions } from './server/serve-assay-server.js';
import type { CreateTokenCommandOptions, ListTokensCommandOptions, RevokeTokenCommandOptions } from './server/tokens-commands.js';
import type { AddUserCommandOptions, ChangeUserCommandOptions, ListUsersCommandOptions, MakeAdminCommandOptions } from './server/users-commands.js';

const DEFAULT_PORT = 5000;
const DEFAULT_HOST = '127.0.0.1';
const PERMISSIONS = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'];

function parsePermission(value: string): string {
  const permission = value.toUpperCase();
  if (!PERMISSIONS.includes(permission)) throw new InvalidArgumentError(`Allowed choices are ${PERMISSIONS.join(', ')}.`);
  return permission;
}

/**
 * `--store` and `--users-file`, which every users and tokens command takes.
 * Commander hands options that `server` declares too (`--store`,
 * `--users-file`, `--json`) to `server` wherever they appear, so the
 * subcommands read them with optsWithGlobals().
 */
function withUsersFileOptions(command: Command): Command {
  return command
    .option('--store <dir>', 'the store directory whose users.json to use (default: --tracking-uri, ASSAY_TRACKING_URI, else ./.assay)')
    .option('--users-file <path>', 'the users file (env: ASSAY_USERS_FILE; default: users.json in the store directory)');
}

/** The action of a users or tokens command: runs its implementation (loaded only then) with the options `server` took too, and its argument. */
function usersFileAction<Options extends OptionValues>(context: CliContext, run: (invocation: CommandInvocation<Options>, argument: string) => Promise<void>) {
  return async (...parsed: unknown[]): Promise<void> => {
    const command = parsed.at(-1) as Command;
    await run({ context, command, options: command.optsWithGlobals<Options>() }, typeof parsed[0] === 'string' ? parsed[0] : '');
  };
}

function createUsersCommand(context: CliContext): Command {
  const add = withUsersFileOptions(new Command('add'))
    .description('Add a user; the password is asked for (or read from the first line of stdin), never taken from the command line')
    .argument('<username>', 'letters, digits and . _ @ + -')
    .option('--admin', 'make the user an admin (allowed everything: users, permissions, every experiment)')
    .option('--json', 'print the user as JSON')
    .action(usersFileAction<AddUserCommandOptions>(context, async (invocation, username) => (await import('./server/users-commands.js')).addUser({ ...invocation, username })));
  const remove = withUsersFileOptions(new Command('remove'))
    .description('Remove a user with their API tokens and permissions (the last admin stays)')
    .argument('<username>')
    .option('--json', 'print JSON ({ username, removed })')
    .action(usersFileAction<ChangeUserCommandOptions>(context, async (invocation, username) => (await import('./server/users-commands.js')).removeUser({ ...invocation, username })));
  const list = withUsersFileOptions(new Command('list'))
    .description('List the users: admin or not, experiment permissions, number of API tokens')
    .option('--json', 'print JSON ([{ username, isAdmin, createdAt, experimentPermissions }])')
    .action(usersFileAction<ListUsersCommandOptions>(context, async (invocation) => (await import('./server/users-commands.js')).listUsers(invocation)));
  const setPassword = withUsersFileOptions(new Command('set-password'))
    .description("Change a user's password (asked for, or the first line of stdin)")
    .argument('<username>')
    .option('--json', 'print JSON ({ username, passwordChanged })')
    .action(usersFileAction<ChangeUserCommandOptions>(context, async (invocation, username) => (await import('./server/users-commands.js')).setUserPassword({ ...invocation, username })));
  const makeAdmin = withUsersFileOptions(new Command('make-admin'))
    .description('Make a user an admin (--revoke: take it back; the last admin stays)')
    .argument('<username>')
    .option('--revoke', 'take admin rights back')
    .option('--json', 'print the user as JSON')
    .action(usersFileAction<MakeAdminCommandOptions>(context, async (invocation, username) => (await import('./server/users-commands.js')).makeAdmin({ ...invocation, username })));
  return new Command('users')
    .description("Manage the server's users (kept hashed in users.json in the store directory, mode 0600)")
    .addCommand(add)
    .addCommand(remove)
    .addCommand(list)
    .addCommand(setPassword)
    .addCommand(makeAdmin)
    .addHelpText(
      'after',
      `
The users file turns authentication on: once it exists, \`assay server\` on
this store asks every request for a username and password (HTTP basic) or an
API token. Changes apply to a running server on its next request. Experiment
permissions are granted over HTTP, as MLflow's:
POST /api/2.0/mlflow/experiments/permissions/create.

Examples:
  $ assay server users add --admin alice             asks for the password twice
  $ printf '%s\\n' "$PASSWORD" | assay server users add bob
  $ assay server users list --json
  $ assay server users make-admin bob --revoke`,
    );
}

function createTokensCommand(context: CliContext): Command {
  const create = withUsersFileOptions(new Command('create'))
    .description('Create an API token acting as a user; it is printed once, only its hash is kept')
    .argument('<username>')
    .option('--name <label>', 'a label to recognise it by, e.g. ci (default: token)')
    .option('--json', 'print JSON ({ id, username, name, createdAt, token })')
    .action(usersFileAction<CreateTokenCommandOptions>(context, async (invocation, username) => (await import('./server/tokens-commands.js')).createToken({ ...invocation, username })));
  const revoke = withUsersFileOptions(new Command('revoke'))
    .description('Revoke an API token by its id: requests bearing it fail from then on')
    .argument('<token-id>', 'the id `tokens list` shows (the 16 hex characters after assay_)')
    .option('--json', 'print JSON ({ id, revoked })')
    .action(usersFileAction<RevokeTokenCommandOptions>(context, async (invocation, tokenId) => (await import('./server/tokens-commands.js')).revokeToken({ ...invocation, tokenId })));
  const list = withUsersFileOptions(new Command('list'))
    .description('List API tokens: ids, users, names and dates (never the tokens)')
    .option('--user <username>', "only this user's tokens")
    .option('--json', 'print JSON ([{ id, username, name, createdAt }])')
    .action(usersFileAction<ListTokensCommandOptions>(context, async (invocation) => (await import('./server/tokens-commands.js')).listTokens(invocation)));
  return new Command('tokens')
    .description("Manage API tokens for the server's users (bearer tokens for scripts, CI and the SDK)")
    .addCommand(create)
    .addCommand(revoke)
    .addCommand(list)
    .addHelpText(
      'after',
      `
Examples:
  $ assay server tokens create alice --name ci        prints assay_<id>_<secret> once
  $ ASSAY_TRACKING_TOKEN=assay_... node app.js
  $ curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:5000/api/2.0/mlflow/experiments/search
  $ assay server tokens revoke 0123456789abcdef`,
    );
}

/**
 * `assay server` (alias `assay ui`): serves a store over MLflow's REST API
 * until SIGINT or SIGTERM, then stops gracefully; `assay server users` and
 * `assay server tokens` manage who may use it.
 */
export function createServerCommand(context: CliContext): Command {
  return new Command('server')
    .alias('ui')
    .description("Serve a store over HTTP: MLflow's REST API 2.0, the artifact proxy and an OpenAPI document")
    .option('--store <dir|uri>', 'the store to serve (default: --tracking-uri, ASSAY_TRACKING_URI, else ./.assay)')
    .option('--host <host>', 'address to bind; anything but loopback needs auth (or --insecure)', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on (0 picks a free one)', (value: string) => parseNonNegativeInteger(value, 65_535), DEFAULT_PORT)
    .option('--no-ui', 'serve the API alone, without the dashboard')
    .option('--auth', 'require authentication (on anyway when the users file exists); the first admin can come from ASSAY_ADMIN_USERNAME/ASSAY_ADMIN_PASSWORD')
    .option('--users-file <path>', 'the users file (env: ASSAY_USERS_FILE; default: users.json in the store directory)')
    .option(
      '--default-permission <permission>',
      `permission on experiments the user was granted nothing on: ${PERMISSIONS.join(', ')} (env: ASSAY_DEFAULT_PERMISSION; default READ)`,
      parsePermission,
    )
    .option('--insecure', 'allow binding an address other machines can reach without authentication')
    .option('--quiet', 'do not log a line per request on stderr')
    .option('--json', 'print one JSON line ({ url, store, openapi, auth }) once listening, e.g. to read the port of --port 0')
    .addCommand(createUsersCommand(context))
    .addCommand(createTokensCommand(context))
    .addHelpText(
      'after',
      `
The server owns the store while it runs; MLflow clients and curl talk to it over
HTTP. Routes: /api/2.0/mlflow/... (and /ajax-api/2.0/mlflow/...), the artifact
proxy /api/2.0/mlflow-artifacts/artifacts/<path>, /health, /version, and the
OpenAPI document /api/assay/v1/openapi.json. Stop it with Ctrl+C (SIGINT) or
SIGTERM: it stops accepting connections, finishes the requests in flight,
flushes and closes the store.

Auth is on when the users file exists (assay server users add) or with --auth:
every request but /health then needs HTTP basic credentials or an API token,
and permissions are MLflow's (READ / EDIT / MANAGE per experiment, a default,
admins). Without auth the server binds loopback only, unless --insecure.

Examples:
  $ assay server
  $ assay server --store /data/assay --port 5001 --no-ui
  $ assay server --port 0 --json                        {"url":"http://127.0.0.1:41234",...}
  $ assay server users add --admin alice && assay server --host 0.0.0.0
  $ ASSAY_ADMIN_USERNAME=admin ASSAY_ADMIN_PASSWORD=... assay server --auth --host 0.0.0.0
  $ MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python train.py
  $ curl http://127.0.0.1:5000/api/2.0/mlflow/experiments/search?max_results=10`,
    )
    .action(async (options: ServerCommandOptions, command: Command) => {
      const { serveAssayServer } = await import('./server/serve-assay-server.js');
      await serveAssayServer({ context, command, options });
    });
}
