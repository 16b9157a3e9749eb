import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { isApiPath } from '../routes/api-paths.js';

/** A Node request handler, such as Next.js's (`app.getRequestHandler()`). */
export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** Options of startAssayServer. */
export interface StartAssayServerOptions {
  /** The fetch handler to serve: the app createAssayServer returns. */
  app: { fetch: (request: Request) => Response | Promise<Response> };
  /** The address to bind. Default `127.0.0.1`. */
  host?: string;
  /** The port; 0 picks a free one. Default 5000. */
  port?: number;
  /** How long close() lets in-flight requests finish before cutting their connections. Default 10,000 ms. */
  shutdownTimeoutMs?: number;
  /**
   * Serves every request outside the API's paths (see isApiPath): the
   * dashboard's pages. Without it those get the API's 404.
   */
  pages?: NodeRequestHandler;
}

/** A server listening in this process. */
export interface RunningAssayServer {
  /** `http://127.0.0.1:5000` (the bound address and port). */
  url: string;
  host: string;
  port: number;
  /**
   * Stops accepting connections, lets the requests in flight finish (up to
   * the shutdown timeout), then resolves. Closing the store stays the
   * caller's job, after this. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Serves a fetch handler (and optionally the dashboard's pages) on Node's HTTP server; resolves once it listens. */
export function startAssayServer({ app, host = '127.0.0.1', port = 5000, shutdownTimeoutMs = 10_000, pages }: StartAssayServerOptions): Promise<RunningAssayServer> {
  const api = getRequestListener((request) => app.fetch(request), { hostname: host });
  const listener: NodeRequestHandler =
    pages === undefined
      ? api
      : (request, response) => {
          const pathname = (request.url ?? '/').split('?', 1)[0]!;
          return isApiPath(pathname) ? api(request, response) : pages(request, response);
        };
  return new Promise((resolve, reject) => {
    const server: Server = createServer((request, response) => {
      Promise.resolve(listener(request, response)).catch((error: unknown) => {
        // The handlers answer their own errors; this is the last resort, so that a request never hangs.
        // Its details go to stderr, not to the client.
        process.stderr.write(`[assay] a request to ${request.url ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Internal server error');
      });
    });
    server.listen(port, host);
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        url: formatUrl(host, address.port),
        host,
        port: address.port,
        close: () =>
          (closing ??= new Promise<void>((closed, failed) => {
            const cutOff = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
            // A keep-alive connection whose request finishes during the shutdown would stay open
            // until the client drops it: close connections as soon as they are idle.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            cutOff.unref();
            sweep.unref();
            server.close((error) => {
              clearTimeout(cutOff);
              clearInterval(sweep);
              if (error) failed(error);
              else closed();
            });
            server.closeIdleConnections();
          })),
      });
    });
  });
}
