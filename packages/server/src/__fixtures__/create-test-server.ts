import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '@assay/core';
import { LocalStore } from '@assay/store';
import type { Permission } from '../auth/permission.js';
import { UsersFile } from '../auth/users-file.js';
import { createAssayServer, type AssayServerOptions } from '../create-assay-server.js';
import type { ServerLogEntry } from '../middleware/request-log.js';

/** A server on a real LocalStore in a temp directory, driven through `app.request()`. */
export interface TestServer {
  app: ReturnType<typeof createAssayServer>;
  store: LocalStore;
  /** The store directory. */
  root: string;
  /** What the server logged. */
  logs: ServerLogEntry[];
  /** The users file in the store directory, when the server runs with auth. */
  users: UsersFile;
  /** `POST path` with a JSON body; the status and the parsed JSON answer. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  /** `GET path` (with its query string); the status and the parsed JSON answer. */
  get(path: string, headers?: Record<string, string>): Promise<TestResponse>;
  /** Any method; a string body is sent as it is (JSON text with exact big integers, say), anything else as JSON, none when undefined. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

/** Options of useTestServer: the server's, and auth on (with a users file in the store directory) when `auth` is given. */
export type TestServerOptions = Omit<AssayServerOptions, 'store' | 'artifactRoot' | 'log' | 'auth'> & {
  auth?: { defaultPermission?: Permission; localToken?: string };
  /** The store the server is built on, made from the test's LocalStore (default: that store itself). */
  serve?: (store: LocalStore) => Store;
};

/** An `Authorization` header with basic credentials. */
export function basicAuth(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}

/** A JSON answer. */
export interface TestResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  body: any;
}

async function toTestResponse(response: Response): Promise<TestResponse> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** A new server and store for the enclosing `describe`, removed after it. */
export function useTestServer({ auth, serve = (store) => store, ...options }: TestServerOptions = {}): TestServer {
  const server = { logs: [] as ServerLogEntry[] } as TestServer;
  beforeAll(async () => {
    server.root = await mkdtemp(join(tmpdir(), 'assay-server-'));
    server.store = await LocalStore.open({ root: server.root });
    server.users = new UsersFile({ path: join(server.root, 'users.json') });
    server.app = createAssayServer({
      store: serve(server.store),
      artifactRoot: join(server.root, 'artifacts'),
      log: (entry) => server.logs.push(entry),
      ...(auth !== undefined ? { auth: { users: server.users, ...auth } } : {}),
      ...options,
    });
    server.send = async (method, path, body, headers = {}) =>
      toTestResponse(
        await server.app.request(path, {
          method,
          ...(body === undefined
            ? { headers }
            : { headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
    server.post = async (path, body, headers) => server.send('POST', path, body, headers);
    server.get = async (path, headers = {}) => toTestResponse(await server.app.request(path, { headers }));
  });
  afterAll(async () => {
    await server.store?.close();
    if (server.root) await rm(server.root, { recursive: true, force: true });
  });
  return server;
}
