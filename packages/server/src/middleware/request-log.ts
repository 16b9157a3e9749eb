import type { Context, MiddlewareHandler } from 'hono';
import { requestAccess } from '../auth/request-access.js';
import type { AuthenticatedUser } from '../auth/user-store.js';

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
  /** The signed-in user, when auth is on (never a password or token). */
  user?: string;
  /** The public id of the API token the request was signed in with (never its secret). */
  tokenId?: string;
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

function signedInUser(context: Context): AuthenticatedUser | undefined {
  try {
    return requestAccess(context).user;
  } catch {
    // Logged before the auth middleware ran (or without it).
    return undefined;
  }
}

/** A log entry about the request of `context`: the time, its method and path, the signed-in user, then `fields`. */
export function requestLogEntry(context: Context, fields: Pick<ServerLogEntry, 'level' | 'message'> & Omit<Partial<ServerLogEntry>, 'time' | 'method' | 'path'>): ServerLogEntry {
  const { level, message, ...rest } = fields;
  const user = signedInUser(context);
  return {
    time: new Date().toISOString(),
    level,
    message,
    method: context.req.method,
    path: new URL(context.req.url).pathname,
    ...(user !== undefined ? { user: user.username } : {}),
    ...(user?.tokenId !== undefined ? { tokenId: user.tokenId } : {}),
    ...rest,
  };
}

/** One `request` line per request, once its response is ready: method, path, status, duration, user. */
export function requestLog(log: ServerLog): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log(requestLogEntry(c, { level: 'info', message: 'request', status: c.res.status, durationMs: Math.round((performance.now() - started) * 10) / 10 }));
  };
}
