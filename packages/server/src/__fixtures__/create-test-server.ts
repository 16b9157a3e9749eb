import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { LocalStore } from '@assay/store';
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
  /** `POST path` with a JSON body; the status and the parsed JSON answer. */
  post(path: string, body: unknown): Promise<TestResponse>;
  /** `GET path` (with its query string); the status and the parsed JSON answer. */
  get(path: string): Promise<TestResponse>;
  /** Any method; a string body is sent as it is (JSON text with exact big integers, say), anything else as JSON. */
  send(method: string, path: string, body?: unknown): Promise<TestResponse>;
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
export function useTestServer(options: Omit<AssayServerOptions, 'store' | 'artifactRoot' | 'log'> = {}): TestServer {
  const server = { logs: [] as ServerLogEntry[] } as TestServer;
  beforeAll(async () => {
    server.root = await mkdtemp(join(tmpdir(), 'assay-server-'));
    server.store = await LocalStore.open({ root: server.root });
    server.app = createAssayServer({ store: server.store, artifactRoot: join(server.root, 'artifacts'), log: (entry) => server.logs.push(entry), ...options });
    server.post = async (path, body) =>
      toTestResponse(await server.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    server.get = async (path) => toTestResponse(await server.app.request(path));
    server.send = async (method, path, body) =>
      toTestResponse(
        await server.app.request(path, {
          method,
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
  });
  afterAll(async () => {
    await server.store?.close();
    if (server.root) await rm(server.root, { recursive: true, force: true });
  });
  return server;
}
