import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AssayError } from '@assay/core';
import { isSameProcessRunning } from '../process-identity.js';

/** The file in a store directory where a running `assay server` announces itself. */
export const ANNOUNCEMENT_FILE = 'server.json';

/** What `assay server` writes in the store directory it serves, so that other processes talk to it instead of queueing for the file. */
export interface ServerAnnouncement {
  /** The server's base URL, e.g. `http://127.0.0.1:5000`. */
  url: string;
  /** The server's process id. */
  pid: number;
  /** The host it runs on: an announcement from another machine (a shared folder) is not this machine's server. */
  host: string;
  /** When that process started (milliseconds since the epoch): a later process that got the same pid does not count. */
  startTime: number;
  /** A bearer token the server accepts with admin rights, fresh for each start; the file is readable by its owner only. */
  token: string;
  /** When it was written (milliseconds since the epoch). */
  createdAt: number;
}

/** Thrown by announceServer when another live server has announced itself in the directory. */
export class ServerAlreadyRunningError extends AssayError {
  constructor(
    message: string,
    /** The running server's announcement. */
    readonly running: ServerAnnouncement,
  ) {
    super('INVALID_PARAMETER_VALUE', message);
    this.name = 'ServerAlreadyRunningError';
  }
}

function isAnnouncement(value: unknown): value is ServerAnnouncement {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.url === 'string' &&
    typeof candidate.token === 'string' &&
    typeof candidate.host === 'string' &&
    Number.isInteger(candidate.pid) &&
    typeof candidate.startTime === 'number' &&
    typeof candidate.createdAt === 'number'
  );
}

/** The announcement in the file, whatever its process's state; undefined when there is none or it cannot be read as one. */
function readAnnouncementFile(path: string): ServerAnnouncement | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isAnnouncement(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the announcing server still runs: on this host, its pid alive and started when it said (not a later process with its pid). */
export function isAnnouncedServerRunning(announcement: ServerAnnouncement): boolean {
  return announcement.host === hostname() && isSameProcessRunning({ pid: announcement.pid, startTime: announcement.startTime });
}

/**
 * Removes the announcement file if it is still `stale` (same token): moved
 * aside under a unique name first, so that a fresh announcement written
 * meanwhile by a new server is put back rather than lost.
 */
function removeIfStill(path: string, stale: ServerAnnouncement): void {
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already
  }
  const moved = readAnnouncementFile(aside);
  if (moved !== undefined && moved.token !== stale.token) {
    // A new server announced itself between our read and the move: put its announcement back (unless yet another came).
    try {
      linkSync(aside, path);
    } catch {
      // Another announcement is in place: the newest one stands.
    }
  }
  rmSync(aside, { force: true });
}

/**
 * The live announcement of the server serving this store directory, or
 * undefined. An announcement whose server is gone (its pid dead, or reused
 * by another process) is removed and ignored; one from another host or
 * unreadable is ignored. Synchronous and cheap (one small file read): it
 * loads no DuckDB.
 */
export function readServerAnnouncement(root: string): ServerAnnouncement | undefined {
  const path = join(root, ANNOUNCEMENT_FILE);
  const announcement = readAnnouncementFile(path);
  if (announcement === undefined) return undefined;
  if (isAnnouncedServerRunning(announcement)) return announcement;
  if (announcement.host === hostname()) removeIfStill(path, announcement);
  return undefined;
}

/**
 * Writes the announcement atomically (a temporary file with mode 0600,
 * linked into place, which fails if one is there): a second server on the
 * same directory fails with ServerAlreadyRunningError naming the running one;
 * a stale announcement is replaced.
 */
export function announceServer(root: string, announcement: ServerAnnouncement): void {
  const path = join(root, ANNOUNCEMENT_FILE);
  const temporary = join(root, `.${ANNOUNCEMENT_FILE}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
  writeFileSync(temporary, `${JSON.stringify(announcement, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        linkSync(temporary, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
      }
      const existing = readAnnouncementFile(path);
      if (existing !== undefined && isAnnouncedServerRunning(existing)) {
        throw new ServerAlreadyRunningError(
          `An Assay server is already serving ${root} at ${existing.url} (pid ${existing.pid}); use it, or stop it before starting another.`,
          existing,
        );
      }
      if (existing !== undefined) removeIfStill(path, existing);
      else rmSync(path, { force: true }); // unreadable: not an announcement anyone can use
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Removes this server's announcement (graceful stop); leaves another server's in place. */
export function withdrawServerAnnouncement(root: string, token: string): void {
  const path = join(root, ANNOUNCEMENT_FILE);
  const current = readAnnouncementFile(path);
  if (current === undefined || current.token !== token) return;
  removeIfStill(path, current);
}
