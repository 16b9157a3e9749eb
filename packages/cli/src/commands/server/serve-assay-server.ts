import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { InvalidParameterError } from '@assay/core';
import { createAssayServer, OPENAPI_DOCUMENT_PATH, WebhookDispatcher } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { currentProcessIdentity } from '@assay/store/process';
import type { CommandInvocation } from '../command-invocation.js';
import type { LoadedDashboard } from './load-dashboard.js';
import { isLoopbackHost } from '../serving/is-loopback-host.js';
import { toListenError } from '../serving/to-listen-error.js';
import { waitForShutdownSignal } from '../serving/wait-for-shutdown-signal.js';
import { checkUsersFileOutside, resolveServedStore, resolveUsersFile } from './resolve-users-file.js';
import { prepareServerAuth, type ServerAuthSetup } from './prepare-server-auth.js';
import { localUrlOf } from './local-url-of.js';

/** The options of `assay server`. */
export interface ServerCommandOptions {
  /** The store directory or URI; default the tracking URI. */
  store?: string;
  /** The address to bind. */
  host: string;
  /** The port (0: a free one). */
  port: number;
  /** False with `--no-ui`. */
  ui: boolean;
  /** Allow a non-loopback bind without authentication. */
  insecure?: boolean;
  /** Require authentication even without a users file (the first admin from ASSAY_ADMIN_USERNAME/PASSWORD). */
  auth?: boolean;
  /** The users file (default: ASSAY_USERS_FILE, else users.json in the store directory). */
  usersFile?: string;
  /** The permission on experiments without a grant (default: ASSAY_DEFAULT_PERMISSION, else READ). */
  defaultPermission?: string;
  /** No request log lines. */
  quiet?: boolean;
  /** Print one JSON line with the addresses instead of the text lines. */
  json?: boolean;
}

function checkHost({ host, insecure }: ServerCommandOptions, authOn: boolean): void {
  if (host.trim() === '') throw new InvalidParameterError('--host must not be empty.');
  if (!isLoopbackHost(host) && !authOn && insecure !== true) {
    throw new InvalidParameterError(
      `Refusing to bind ${host} without authentication: anyone who can reach this address could read and change the store. ` +
        'Turn auth on (add an admin with `assay server users add --admin <name>`, or pass --auth with ASSAY_ADMIN_USERNAME and ASSAY_ADMIN_PASSWORD set), ' +
        'bind a loopback address (the default 127.0.0.1), or pass --insecure to expose it anyway.',
    );
  }
}

/** `assay server`: serves until SIGINT or SIGTERM, then stops accepting, finishes requests in flight, and closes the store. */
export async function serveAssayServer({ context, command, options }: CommandInvocation<ServerCommandOptions>): Promise<void> {
  const root = await resolveServedStore(command, context, options);
  // A local store keeps artifacts in its artifacts/ folder, where mlflow-artifacts:/ URIs point.
  const artifactRoot = join(root, 'artifacts');
  const usersFile = await resolveUsersFile(command, context, options);
  checkUsersFileOutside(usersFile, artifactRoot);
  // Decided (and the host checked) before anything is written or opened.
  const auth: ServerAuthSetup = await prepareServerAuth({ context, usersFile, options });
  checkHost(options, auth.enabled);
  const { announceServer, readServerAnnouncement, withdrawServerAnnouncement, ANNOUNCEMENT_FILE } = await import('@assay/store/announcement');
  const alreadyRunning = readServerAnnouncement(root);
  if (alreadyRunning !== undefined) {
    throw new InvalidParameterError(`An Assay server is already serving ${root} at ${alreadyRunning.url} (pid ${alreadyRunning.pid}); use it, or stop it before starting another.`);
  }
  const { auth: serverAuth, summary: authSummary } = await auth.activate();
  // The server holds the file for its lifetime (other processes reach the store through it, see the announcement below).
  const { LocalStore } = await import('@assay/store/local');
  const store = await LocalStore.open({ root, holdUntilClosed: true });
  // A token for the local processes that find the announcement: accepted as an admin when auth is on.
  const token = randomBytes(32).toString('base64url');
  let running: RunningAssayServer | undefined;
  let webhooks: WebhookDispatcher | undefined;
  let dashboard: LoadedDashboard | undefined;
  let announced = false;
  try {
    // Takes the file now (waiting for the processes that have it to step aside), before announcing.
    await store.searchExperiments({ maxResults: 1 });
    // Sends the registry's webhook deliveries in the background, those left from before first.
    webhooks = new WebhookDispatcher({ store, log: (entry) => context.stderr(`${JSON.stringify(entry)}\n`) });
    webhooks.kick();
    const app = createAssayServer({
      store,
      webhookDispatcher: webhooks,
      artifactRoot,
      logRequests: options.quiet !== true,
      log: (entry) => context.stderr(`${JSON.stringify(entry)}\n`),
      ...(serverAuth !== undefined ? { auth: { ...serverAuth, localToken: token } } : {}),
    });
    if (options.ui) {
      const { findDashboard, loadDashboard } = await import('./load-dashboard.js');
      const found = findDashboard();
      if (typeof found === 'string') dashboard = await loadDashboard({ directory: found, api: (request) => app.fetch(request), auth: serverAuth !== undefined, host: options.host, port: options.port });
      else context.stderr(`note: ${found.missing} Serving the API alone (as with --no-ui).\n`);
    }
    running = await startAssayServer({ app, host: options.host, port: options.port, ...(dashboard ? { pages: dashboard.pages } : {}) }).catch((error: unknown) => {
      throw toListenError({ error, host: options.host, port: options.port });
    });
    const identity = currentProcessIdentity();
    announceServer(root, { url: localUrlOf(running.url, running.port), pid: identity.pid, host: identity.host, startTime: identity.startTime, token, createdAt: Date.now() });
    announced = true;
  } catch (error) {
    await running?.close();
    await dashboard?.close();
    await webhooks?.stop();
    await store.close();
    throw error;
  }
  const shutdown = waitForShutdownSignal();
  if (!isLoopbackHost(options.host) && serverAuth === undefined) context.stderr(`warning: ${running.url} is reachable from other machines and has no authentication (--insecure).\n`);
  if (!isLoopbackHost(options.host) && serverAuth !== undefined) {
    context.stderr(`note: ${running.url} is plain HTTP: passwords and tokens cross the network readable unless a TLS proxy sits in front.\n`);
  }
  const openapi = `${running.url}${OPENAPI_DOCUMENT_PATH}`;
  const announcement = join(root, ANNOUNCEMENT_FILE);
  if (options.json) {
    // One line, so a script can read it as soon as the server listens.
    context.stdout(`${JSON.stringify({ url: running.url, store: root, openapi, auth: serverAuth !== undefined, dashboard: dashboard !== undefined, pid: process.pid, announcement })}\n`);
  } else {
    context.stdout(`Assay server listening on ${running.url} (store: ${root})\n`);
    if (dashboard) context.stdout(`Dashboard: ${running.url}/\n`);
    context.stdout(`MLflow clients: MLFLOW_TRACKING_URI=${running.url}   OpenAPI: ${openapi}\n`);
    context.stdout(`${authSummary}\n`);
    context.stdout(`Local processes using ${root} reach the store through this server (announced in ${announcement}).\n`);
  }
  const signal = await shutdown;
  context.stderr(`Stopping (${signal}): finishing requests in flight...\n`);
  try {
    // Withdrawn first: processes that look now go back to the file, which they get once the store is closed below.
    if (announced) withdrawServerAnnouncement(root, token);
    await running.close();
    await dashboard?.close();
    await webhooks?.stop();
  } finally {
    await store.close();
  }
  context.stderr('Assay server stopped; the store is closed.\n');
}
