import type { MiddlewareHandler } from 'hono';

/** One line of the server's log. */
export interface ServerLogEntry {
  /** ISO 8601. */
  time: string;
  level: 'info' | 'error';
  /** `request` for the line of each request; what failed otherwise. */
  message: string;
  method?: string;
  /** The request's path, without its query string. */
  path?: string;
  status?: number;
  durationMs?: number;
  /** For errors: the error's message and stack (never sent to clients). */
  error?: string;
  stack?: string;
}

/** Receives the server's log lines. */
export type ServerLog = (entry: ServerLogEntry) => void;

/** Writes each entry as one JSON line on stderr. */
export const stderrServerLog: ServerLog = (entry) => {
  process.stderr.write(`${JSON.stringify(entry)}\n`);
};

/** One `request` line per request, once its response is ready: method, path, status, duration. */
export function requestLog(log: ServerLog): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log({
      time: new Date().toISOString(),
      level: 'info',
      message: 'request',
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
