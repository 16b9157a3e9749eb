// A real Assay server for the SDK's HTTP tests: createAssayServer on a LocalStore in a temp directory, served by
// @hono/node-server on 127.0.0.1 (a random port, or a given one to restart on), stopped and started at will.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAssayServer, type ServerLogEntry } from '@assay/server';
import { startAssayServer, type RunningAssayServer } from '@assay/server/node';
import { LocalStore } from '@assay/store/local';

/** A server process's worth of state in this process: its store directory, and the server while it runs. */
export interface TestHttpServer {
  /** The store directory (the server's LocalStore, and beside it `client-spool/` for the clients' spools). */
  readonly root: string;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The server's LocalStore while it runs. */
  readonly store: LocalStore | undefined;
  /** Unexpected errors the server logged. */
  readonly errors: ServerLogEntry[];
  /** Stops the server (in-flight requests finish) and closes its store. */
  stop(): Promise<void>;
  /** Starts it again on the same port, on the same store directory. */
  start(): Promise<void>;
  /** Stops it and removes the directory. */
  dispose(): Promise<void>;
}

/** Starts a server on a new LocalStore in a temp directory. */
export async function startTestHttpServer(options: { port?: number } = {}): Promise<TestHttpServer> {
  const root = await mkdtemp(join(tmpdir(), 'assay-http-'));
  const errors: ServerLogEntry[] = [];
  let running: { server: RunningAssayServer; store: LocalStore } | undefined;
  let port = options.port ?? 0;
  const start = async (): Promise<void> => {
    const store = await LocalStore.open({ root, lingerMs: 200 });
    const app = createAssayServer({ store, artifactRoot: join(root, 'artifacts'), log: (entry) => errors.push(entry) });
    const server = await startAssayServer({ app, port, shutdownTimeoutMs: 2000 });
    port = server.port;
    running = { server, store };
  };
  const stop = async (): Promise<void> => {
    const current = running;
    running = undefined;
    if (current === undefined) return;
    await current.server.close();
    await current.store.close();
  };
  await start();
  return {
    root,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get store() {
      return running?.store;
    },
    errors,
    stop,
    start,
    dispose: async () => {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
