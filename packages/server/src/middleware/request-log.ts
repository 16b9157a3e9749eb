import type { Context, MiddlewareHandler } from 'hono';

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

/** A log entry about the request of `context`: the time, its method and path, then `fields`. */
export function requestLogEntry(context: Context, fields: Pick<ServerLogEntry, 'level' | 'message'> & Omit<Partial<ServerLogEntry>, 'time' | 'method' | 'path'>): ServerLogEntry {
  const { level, message, ...rest } = fields;
  return { time: new Date().toISOString(), level, message, method: context.req.method, path: new URL(context.req.url).pathname, ...rest };
}

/** One `request` line per request, once its response is ready: method, path, status, duration. */
export function requestLog(log: ServerLog): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log(requestLogEntry(c, { level: 'info', message: 'request', status: c.res.status, durationMs: Math.round((performance.now() - started) * 10) / 10 }));
  };
}
