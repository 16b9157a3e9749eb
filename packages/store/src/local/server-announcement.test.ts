import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentProcessIdentity } from '../process-identity.js';
import { ANNOUNCEMENT_FILE, ServerAlreadyRunningError, announceServer, readServerAnnouncement, withdrawServerAnnouncement, type ServerAnnouncement } from './server-announcement.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'assay-announcement-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** An announcement by this (live) process. */
function ours(token = 'token-a'): ServerAnnouncement {
  const identity = currentProcessIdentity();
  return { url: 'http://127.0.0.1:5001', pid: identity.pid, host: identity.host, startTime: identity.startTime, token, createdAt: Date.now() };
}

/** The pid of a process that ran and has ended (and was collected). */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the server announcement', () => {
  it('is written whole with mode 0600, read back while its process runs, and withdrawn only by its own token', () => {
    announceServer(root, ours());
    const path = join(root, ANNOUNCEMENT_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ url: 'http://127.0.0.1:5001', pid: process.pid, token: 'token-a' });
    expect(readServerAnnouncement(root)?.token).toBe('token-a');
    withdrawServerAnnouncement(root, 'another-token');
    expect(readServerAnnouncement(root)?.token).toBe('token-a');
    withdrawServerAnnouncement(root, 'token-a');
    expect(existsSync(path)).toBe(false);
    expect(readServerAnnouncement(root)).toBeUndefined();
  });

  it('refuses a second server while the first runs, naming its URL', () => {
    announceServer(root, ours('first'));
    let error: unknown;
    try {
      announceServer(root, { ...ours('second'), url: 'http://127.0.0.1:5002' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ServerAlreadyRunningError);
    expect((error as Error).message).toContain('http://127.0.0.1:5001');
    expect(readServerAnnouncement(root)?.token).toBe('first');
  });

  it('ignores and removes the announcement of a process that ended, and of a later process that reused its pid', () => {
    const path = join(root, ANNOUNCEMENT_FILE);
    writeFileSync(path, JSON.stringify({ ...ours('dead'), pid: endedPid() }));
    expect(readServerAnnouncement(root)).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    // This process's pid, but a start time an hour earlier: the pid was reused.
    writeFileSync(path, JSON.stringify({ ...ours('reused'), startTime: currentProcessIdentity().startTime - 3_600_000 }));
    expect(readServerAnnouncement(root)).toBeUndefined();
    expect(existsSync(path)).toBe(false);
  });

  it('lets a new server replace a stale announcement, and ignores one from another host or one that is not an announcement', () => {
    const path = join(root, ANNOUNCEMENT_FILE);
    writeFileSync(path, JSON.stringify({ ...ours('dead'), pid: endedPid() }));
    announceServer(root, ours('fresh'));
    expect(readServerAnnouncement(root)?.token).toBe('fresh');
    writeFileSync(path, JSON.stringify({ ...ours('elsewhere'), host: `not-${hostname()}` }));
    expect(readServerAnnouncement(root)).toBeUndefined();
    expect(existsSync(path)).toBe(true);
    writeFileSync(path, '{"url": 1}');
    expect(readServerAnnouncement(root)).toBeUndefined();
  });
});
