import { mkdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError } from '@assay/core';
import { describeHolder, findDatabaseHolder } from './find-database-holder.js';
import { type WaitingMarker, compareQueued, liveWaitingMarkers, markerName, newNonce } from './waiting-markers.js';

/** Why a database file could not be opened just now: another process has it, or is creating it. */
export class BusyDatabase {
  constructor(
    /** DuckDB's lock error, when the file is locked. */
    readonly lockError?: unknown,
    /** The process creating the file, when that is why. */
    readonly creatorPid?: number,
  ) {}
}

/** Options of waitForDatabase. */
export interface WaitForDatabaseOptions<T> {
  /** The database file. */
  databasePath: string;
  /** Where waiting processes leave a marker (holders that are Assay processes then hand the file over). */
  waitingDirectory: string;
  /** How long to wait before giving up with StoreBusyError. */
  timeoutMs: number;
  /** One attempt: the opened database, or why it is busy. */
  tryOpen: () => Promise<T | BusyDatabase>;
  /** Gives up waiting at once when aborted (rejecting with its reason). */
  signal?: AbortSignal;
  /** How often the marker is refreshed while waiting; default HEARTBEAT_MS. */
  heartbeatMs?: number;
  /** An earlier waiter whose marker is older than this is passed over; default STALLED_AFTER_MS. */
  stalledAfterMs?: number;
}

/** Other processes waiting for the file, from their markers. */
async function waitingProcesses(waitingDirectory: string): Promise<number[]> {
  const markers = await liveWaitingMarkers(waitingDirectory);
  return [...new Set(markers.map((marker) => marker.pid).filter((pid) => pid !== process.pid))];
}

/** Options of storeBusyError. */
export interface StoreBusyErrorFor {
  /** The database file. */
  databasePath: string;
  /** Where waiting processes leave markers. */
  waitingDirectory: string;
  /** How long the caller waited. */
  waitedMs: number;
  /** Why the last attempt failed. */
  busy: BusyDatabase;
}

/** The StoreBusyError of a file that stayed busy: who holds it (when that can be found) and what to do. */
export async function storeBusyError({ databasePath, waitingDirectory, waitedMs, busy }: StoreBusyErrorFor): Promise<StoreBusyError> {
  const holder = await findDatabaseHolder({
    databasePath,
    ...(busy.lockError !== undefined ? { lockError: busy.lockError } : {}),
    ...(busy.creatorPid !== undefined ? { pid: busy.creatorPid } : {}),
  });
  const others = await waitingProcesses(waitingDirectory);
  const what = busy.creatorPid !== undefined ? 'is being created by' : 'is held by';
  const close = holder ? `Close that program (or end process ${holder.pid})` : 'Close the program that has it open (a DuckDB shell or another tool, for instance)';
  return new StoreBusyError(
    `The store file ${databasePath} ${what} ${describeHolder(holder)}, and it stayed locked for ${waitedMs} ms, so this read could not run. ` +
      `${close}, or wait until it is done, then retry. ` +
      `Writes are not lost meanwhile: while the file is busy they are kept in the spool (${join(dirname(databasePath), 'spool')}) and applied once it is free.` +
      (others.length > 0 ? ` Other processes waiting for it too: ${others.join(', ')}.` : ''),
    { ...(holder ? { holder } : {}), ...(busy.lockError !== undefined ? { cause: busy.lockError } : {}) },
  );
}

/** How often a waiter refreshes its marker (its modification time), so that the others can tell it still waits. */
export const HEARTBEAT_MS = 1000;

/**
 * A waiter whose marker was last refreshed this long ago is stuck (stopped,
 * say, or its pid was taken over by another program after it was killed):
 * the waiters behind it go ahead without it.
 */
export const STALLED_AFTER_MS = 5000;

/** A marker last refreshed this long ago is removed (a waiter that was only stopped writes it again when it goes on). */
export const ABANDONED_AFTER_MS = 60_000;

/** Sleeps `ms`; rejects with the signal's reason once it is aborted. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

/** A process's place in the queue of waiters for a database file: its marker, and the waiters ahead of it. */
class PlaceInQueue {
  readonly marker: WaitingMarker;
  private readonly path: string;
  private written = false;
  private refreshedAt = 0;

  constructor(
    private readonly waitingDirectory: string,
    /** The live markers seen when the wait began: this one goes after all of them. */
    seen: readonly WaitingMarker[],
    private readonly timing: { heartbeatMs: number; stalledAfterMs: number },
  ) {
    // Behind every waiter seen, even one whose clock ran ahead of ours.
    const latest = Math.max(0, ...seen.map((marker) => marker.startedAt ?? 0));
    const marker = { pid: process.pid, startedAt: Math.max(Date.now(), latest + 1), nonce: newNonce() };
    this.marker = { ...marker, name: markerName(marker) };
    this.path = join(waitingDirectory, this.marker.name);
  }

  /**
   * Whether a waiter that came earlier still waits: a live process whose
   * marker was refreshed within stalledAfterMs. Markers abandoned long ago
   * are removed.
   */
  async othersAhead(live: readonly WaitingMarker[]): Promise<boolean> {
    const ahead = live.filter((other) => other.startedAt !== undefined && other.name !== this.marker.name && compareQueued(other, this.marker) < 0);
    for (const other of ahead.sort(compareQueued)) {
      const path = join(this.waitingDirectory, other.name);
      const refreshed = await stat(path).then(
        (info) => info.mtimeMs,
        () => undefined,
      );
      if (refreshed === undefined) continue; // it got the file or gave up meanwhile
      const age = Date.now() - refreshed;
      if (age < this.timing.stalledAfterMs) return true;
      if (age >= ABANDONED_AFTER_MS) await rm(path, { force: true });
    }
    return false;
  }

  /** Leaves the marker the first time, then refreshes it every heartbeatMs (writing it again if it was removed). */
  async keep(): Promise<void> {
    const now = performance.now();
    if (this.written && now - this.refreshedAt < this.timing.heartbeatMs) return;
    this.refreshedAt = now;
    if (this.written) {
      const refreshed = await utimes(this.path, new Date(), new Date()).then(
        () => true,
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw error;
        },
      );
      if (refreshed) return;
    }
    await mkdir(this.waitingDirectory, { recursive: true });
    await writeFile(this.path, '');
    this.written = true;
  }

  /** Removes the marker. */
  async leave(): Promise<void> {
    if (this.written) await rm(this.path, { force: true });
  }
}

/**
 * Opens a database file that other processes may hold, first come, first
 * served. While it is busy the process leaves a marker in the waiting
 * directory (Assay processes that hold the file then hand it over; see
 * waiting-markers.ts) and retries with backoff, for up to `timeoutMs`; then
 * throws StoreBusyError naming the holder (one last attempt is made at the
 * deadline, whatever the queue). Waiters take the file in the order they
 * began to wait: a process only tries while no earlier waiter is still
 * waiting, and one that finds others waiting already queues behind them
 * instead of trying, so that a process that just let the file go and wants it
 * again gets it after them. Waiters refresh their markers every heartbeatMs;
 * one whose marker is older than stalledAfterMs is stuck and passed over.
 * With nobody waiting, it costs one readdir before the first attempt.
 */
export async function waitForDatabase<T>(options: WaitForDatabaseOptions<T>): Promise<T> {
  const { databasePath, waitingDirectory, timeoutMs, tryOpen, signal } = options;
  signal?.throwIfAborted();
  const deadline = performance.now() + timeoutMs;
  const live = await liveWaitingMarkers(waitingDirectory);
  const place = new PlaceInQueue(waitingDirectory, live, {
    heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
    stalledAfterMs: options.stalledAfterMs ?? STALLED_AFTER_MS,
  });
  let delay = 2;
  try {
    let waitersAhead = live.length > 0 && (await place.othersAhead(live));
    for (;;) {
      signal?.throwIfAborted();
      const late = performance.now() >= deadline;
      if (!waitersAhead || late) {
        const opened = await tryOpen();
        if (!(opened instanceof BusyDatabase)) return opened;
        if (late) throw await storeBusyError({ databasePath, waitingDirectory, waitedMs: timeoutMs, busy: opened });
      }
      await place.keep();
      if (waitersAhead) {
        // Not our turn: look again soon, and try without delay once it is.
        delay = 2;
        await pause(5 + Math.random() * 10, signal);
      } else {
        await pause(delay + Math.random() * delay, signal);
        delay = Math.min(delay * 2, 20);
      }
      waitersAhead = await place.othersAhead(await liveWaitingMarkers(waitingDirectory));
    }
  } finally {
    await place.leave();
  }
}
