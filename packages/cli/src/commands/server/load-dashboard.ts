import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NodeRequestHandler } from '@assay/server/node';

/** Where pages find the API handler (the dashboard's lib/assay-api.ts reads the same symbol). */
const DASHBOARD_API_KEY = Symbol.for('assay.dashboard.api');

/** Options of {@link loadDashboard}. */
export interface LoadDashboardOptions {
  /** The built app's folder ({@link findDashboard}). */
  directory: string;
  /** The Assay server's fetch handler: pages query it in-process, as the signed-in user. */
  api: (request: Request) => Response | Promise<Response>;
  /** Whether the server has auth: pages then need credentials (the browser's Basic prompt). */
  auth: boolean;
  /** The host and port the server binds, for Next.js's absolute URLs. */
  host: string;
  port: number;
}

/** The dashboard's pages, ready to be served beside the API. */
export interface LoadedDashboard {
  pages: NodeRequestHandler;
  close(): Promise<void>;
}

interface NextServer {
  prepare(): Promise<void>;
  getRequestHandler(): (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  close?(): Promise<void>;
}

/** The built dashboard app's folder (`apps/dashboard`, or where npm installed `@assay/dashboard`), or why there is none. */
export function findDashboard(): string | { missing: string } {
  const require = createRequire(import.meta.url);
  let directory: string;
  try {
    directory = dirname(require.resolve('@assay/dashboard/package.json'));
  } catch {
    return { missing: 'The dashboard (@assay/dashboard) is not installed next to @assay/cli.' };
  }
  if (!existsSync(join(directory, '.next', 'BUILD_ID'))) {
    return { missing: `The dashboard in ${directory} is not built: run \`pnpm run build\` in the Assay repository.` };
  }
  return directory;
}

/**
 * The Content-Security-Policy of a page: scripts only from this server and
 * Next.js's inline ones carrying this response's nonce; no plugins, frames or
 * foreign connections. LLM output is rendered as text anyway; this is the
 * second fence. Styles may be inline (the chart library positions with them).
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Loads the built Next.js dashboard in this process (so pages reach the store
 * through the same server handler, without a network hop) and returns the
 * handler of its pages: with a CSP nonce per response, security headers, and,
 * when auth is on, the Basic challenge for a request without valid credentials.
 */
export async function loadDashboard({ directory, api, auth, host, port }: LoadDashboardOptions): Promise<LoadedDashboard> {
  const requireFromDashboard = createRequire(join(directory, 'package.json'));
  const nextModule = requireFromDashboard('next') as ((options: object) => NextServer) | { default: (options: object) => NextServer };
  const createNext = typeof nextModule === 'function' ? nextModule : nextModule.default;
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  (globalThis as Record<symbol, unknown>)[DASHBOARD_API_KEY] = api;
  const next = await onStderr(async () => {
    const server = createNext({ dev: false, dir: directory, hostname: host, port, quiet: true, customServer: true });
    await server.prepare();
    return server;
  });
  const handle = next.getRequestHandler();

  const pages: NodeRequestHandler = async (request, response) => {
    if (auth && !(await signedIn(api, request))) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="Assay", charset="UTF-8"', 'content-type': 'text/plain; charset=utf-8' });
      response.end('Sign in with your Assay username and password (an admin adds users with `assay server users add`).');
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    const policy = contentSecurityPolicy(nonce);
    // Next.js reads the nonce from the request's policy and puts it on its inline scripts.
    request.headers['content-security-policy'] = policy;
    response.setHeader('content-security-policy', policy);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'same-origin');
    response.setHeader('x-frame-options', 'DENY');
    await handle(request, response);
  };
  return {
    pages,
    close: async () => {
      await next.close?.();
      delete (globalThis as Record<symbol, unknown>)[DASHBOARD_API_KEY];
    },
  };
}

/**
 * Runs Next.js's start-up with its progress lines ("✓ Running next.config")
 * sent to stderr: stdout is the server's (its one `--json` line).
 */
async function onStderr<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

/** Whether the request's credentials are good: asks the API who is signed in. */
async function signedIn(api: LoadDashboardOptions['api'], request: IncomingMessage): Promise<boolean> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return false;
  const response = await api(new Request('http://assay.internal/api/assay/v1/session', { headers: { authorization } }));
  await response.body?.cancel();
  return response.ok;
}
