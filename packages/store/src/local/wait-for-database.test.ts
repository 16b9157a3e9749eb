import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED_AFTER_MS, BusyDatabase, STALLED_AFTER_MS, waitForDatabase, type WaitForDatabaseOptions } from './wait-for-database.js';
import { markerName, parseMarker } from './waiting-markers.js';

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** Resolves once `condition` holds, looking again every few milliseconds. */
async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await sleep(5);
}

describe('waitForDatabase: first come, first served', () => {
  let root: string;
  let waiting: string;
  let lock: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-wait-'));
    waiting = join(root, 'waiting');
    lock = join(root, 'held');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill();
    await rm(root, { recursive: true, force: true });
  });

  /** A process that runs until the test ends (it never waits for anything itself). */
  function liveProcess(): number {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    children.push(child);
    return child.pid!;
  }

  /** Leaves a marker as a waiting process would, which began to wait at `startedAt`. */
  async function leaveMarker(pid: number, startedAt: number): Promise<string> {
    await mkdir(waiting, { recursive: true });
    const name = markerName({ pid, startedAt, nonce: 'test' });
    await writeFile(join(waiting, name), '');
    return name;
  }

  async function markers(): Promise<string[]> {
    return readdir(waiting).catch(() => []);
  }

  /**
   * The "database": a file created exclusively (the test holds it by
   * creating it, and lets it go by removing it). Each attempt is recorded
   * under the waiter's name.
   */
  function waiter(name: string, attempts: string[], options: Partial<WaitForDatabaseOptions<string>> = {}): Promise<string> {
    return waitForDatabase({
      databasePath: join(root, 'database'),
      waitingDirectory: waiting,
      timeoutMs: 600_000,
      tryOpen: async () => {
        attempts.push(name);
        try {
          await writeFile(lock, name, { flag: 'wx' });
          return name;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return new BusyDatabase();
          throw error;
        }
      },
      ...options,
    });
  }

  it('gives the file to waiters in the order they began to wait, and none tries before its turn', async () => {
    await writeFile(lock, 'test');
    const attempts: string[] = [];
    const order: string[] = [];
    const got = (name: string) =>
      waiter(name, attempts).then(async (holder) => {
        order.push(holder);
        await rm(lock); // lets it go at once, as a holder does when others wait
      });
    const first = got('A');
    await until(async () => (await markers()).length === 1);
    const second = got('B');
    await until(async () => (await markers()).length === 2);
    const third = got('C');
    await until(async () => (await markers()).length === 3);
    // B and C found A waiting, so they queued without trying.
    expect(attempts.filter((name) => name !== 'A')).toEqual([]);
    await rm(lock);
    await Promise.all([first, second, third]);
    expect(order).toEqual(['A', 'B', 'C']);
    // Each tried only once those before it had the file: all of A's attempts, then B's, then C's.
    expect(attempts.join('')).toMatch(/^A+B+C+$/u);
    expect(await markers()).toEqual([]);
  });

  it('queues behind a live waiter even when the file is free, and tries once that waiter is gone', async () => {
    const ahead = await leaveMarker(liveProcess(), Date.now());
    const attempts: string[] = [];
    const result = waiter('W', attempts, { stalledAfterMs: 600_000 });
    await until(async () => (await markers()).length === 2);
    expect(attempts).toEqual([]);
    await rm(join(waiting, ahead));
    expect(await result).toBe('W');
    expect(attempts).toEqual(['W']);
    expect(await markers()).toEqual([]);
  });

  it('goes ahead of the marker of a process that is gone, and removes it', async () => {
    await leaveMarker(await deadPid(), Date.now() - 1000);
    const attempts: string[] = [];
    expect(await waiter('W', attempts, { stalledAfterMs: 600_000 })).toBe('W');
    expect(attempts).toEqual(['W']);
    expect(await markers()).toEqual([]);
  });

  it('ignores the markers of Assay versions without the queue (they do not queue either)', async () => {
    await mkdir(waiting, { recursive: true });
    const pid = liveProcess();
    const older = `${pid}-abc123`;
    await writeFile(join(waiting, older), '');
    expect(parseMarker(older)).toEqual({ name: older, pid, nonce: 'abc123' });
    const attempts: string[] = [];
    expect(await waiter('W', attempts, { stalledAfterMs: 600_000 })).toBe('W');
    expect(attempts).toEqual(['W']);
    expect(await markers()).toEqual([older]);
  });

  it('passes over an earlier waiter that stopped refreshing its marker, and keeps that marker', async () => {
    const stuck = await leaveMarker(liveProcess(), Date.now());
    // Refreshed "in the future" for now, so that it counts as waiting however slowly this test runs.
    const later = new Date(Date.now() + 600_000);
    await utimes(join(waiting, stuck), later, later);
    const attempts: string[] = [];
    const result = waiter('W', attempts);
    await until(async () => (await markers()).length === 2);
    expect(attempts).toEqual([]);
    // Its last refresh now lies longer ago than STALLED_AFTER_MS (but not ABANDONED_AFTER_MS).
    const then = new Date(Date.now() - STALLED_AFTER_MS - 1000);
    await utimes(join(waiting, stuck), then, then);
    expect(await result).toBe('W');
    expect(attempts).toEqual(['W']);
    expect(await markers()).toEqual([stuck]);
  });

  it('removes the marker of a live process that has not refreshed it for ABANDONED_AFTER_MS', async () => {
    const abandoned = await leaveMarker(liveProcess(), Date.now() - ABANDONED_AFTER_MS - 60_000);
    const then = new Date(Date.now() - ABANDONED_AFTER_MS - 1000);
    await utimes(join(waiting, abandoned), then, then);
    const attempts: string[] = [];
    expect(await waiter('W', attempts)).toBe('W');
    expect(attempts).toEqual(['W']);
    expect(await markers()).toEqual([]);
  });

  it('refreshes its own marker while it waits, and leaves it again (same place) if it was removed', async () => {
    await writeFile(lock, 'test');
    const result = waiter('W', [], { heartbeatMs: 10 });
    await until(async () => (await markers()).length === 1);
    const [name] = await markers();
    const first = (await stat(join(waiting, name!))).mtimeMs;
    await until(async () => (await stat(join(waiting, name!))).mtimeMs !== first);
    await rm(join(waiting, name!));
    await until(async () => (await markers()).includes(name!));
    await rm(lock);
    expect(await result).toBe('W');
    expect(await markers()).toEqual([]);
  });

  it('makes one last attempt at the deadline whatever the queue, then fails with StoreBusyError', async () => {
    await leaveMarker(liveProcess(), Date.now());
    await writeFile(lock, 'test');
    const attempts: string[] = [];
    const error = await waiter('W', attempts, { timeoutMs: 50, stalledAfterMs: 600_000 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'STORE_BUSY' });
    expect(attempts).toEqual(['W']);
    expect(await markers()).toHaveLength(1);
  });

  it('gives up at once, removing its marker, when its signal is aborted', async () => {
    await leaveMarker(liveProcess(), Date.now());
    const controller = new AbortController();
    const attempts: string[] = [];
    const result = waiter('W', attempts, { signal: controller.signal, stalledAfterMs: 600_000 });
    await until(async () => (await markers()).length === 2);
    const reason = new Error('stopping');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(attempts).toEqual([]);
    expect(await markers()).toHaveLength(1);
  });
});
