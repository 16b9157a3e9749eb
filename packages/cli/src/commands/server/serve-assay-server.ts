import { join } from 'node:path';
import { InvalidParameterError } from '@assay/core';
import { createAssayServer, OPENAPI_DOCUMENT_PATH } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { resolveTrackingUri } from '../../options/store-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { isLoopbackHost } from '../serving/is-loopback-host.js';
import { toListenError } from '../serving/to-listen-error.js';
import { waitForShutdownSignal } from '../serving/wait-for-shutdown-signal.js';

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
  /** No request log lines. */
  quiet?: boolean;
  /** Print one JSON line with the addresses instead of the text lines. */
  json?: boolean;
}

function checkHost({ host, insecure }: ServerCommandOptions): void {
  if (host.trim() === '') throw new InvalidParameterError('--host must not be empty.');
  if (!isLoopbackHost(host) && insecure !== true) {
    throw new InvalidParameterError(
      `Refusing to bind ${host}: the server has no authentication yet (it is coming), so anyone who can reach this address ` +
        'could read and change the store. Bind a loopback address (the default 127.0.0.1), or pass --insecure to expose it anyway.',
    );
  }
}

/** `assay server`: serves until SIGINT or SIGTERM, then stops accepting, finishes requests in flight, and closes the store. */
export async function serveAssayServer({ context, command, options }: CommandInvocation<ServerCommandOptions>): Promise<void> {
  checkHost(options);
  const uri = options.store ?? resolveTrackingUri(command, context.env);
  const { parseTrackingUri } = await import('@assay/sdk');
  const target = parseTrackingUri(uri);
  if (target.kind === 'http') {
    throw new InvalidParameterError(`assay server serves a local store directory; ${target.url} is a server already. Pass --store <dir>.`);
  }
  const store = await context.openStore(target.root);
  let running: RunningAssayServer;
  try {
    const app = createAssayServer({
      store,
      // A local store keeps artifacts in its artifacts/ folder, where mlflow-artifacts:/ URIs point.
      artifactRoot: join(target.root, 'artifacts'),
      logRequests: options.quiet !== true,
      log: (entry) => context.stderr(`${JSON.stringify(entry)}\n`),
    });
    running = await startAssayServer({ app, host: options.host, port: options.port }).catch((error: unknown) => {
      throw toListenError({ error, host: options.host, port: options.port });
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const shutdown = waitForShutdownSignal();
  if (!isLoopbackHost(options.host)) context.stderr(`warning: ${running.url} is reachable from other machines and has no authentication (--insecure).\n`);
  if (options.ui) context.stderr('note: the dashboard is not part of this version yet; serving the API alone (as with --no-ui).\n');
  const openapi = `${running.url}${OPENAPI_DOCUMENT_PATH}`;
  if (options.json) {
    // One line, so a script can read it as soon as the server listens.
    context.stdout(`${JSON.stringify({ url: running.url, store: target.root, openapi })}\n`);
  } else {
    context.stdout(`Assay server listening on ${running.url} (store: ${target.root})\n`);
    context.stdout(`MLflow clients: MLFLOW_TRACKING_URI=${running.url}   OpenAPI: ${openapi}\n`);
  }
  const signal = await shutdown;
  context.stderr(`Stopping (${signal}): finishing requests in flight...\n`);
  try {
    await running.close();
  } finally {
    await store.close();
  }
  context.stderr('Assay server stopped; the store is closed.\n');
}
