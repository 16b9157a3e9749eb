import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError } from '@assay/core';
import { isProcessAlive } from '../process-identity.js';
import { describeHolder, findDatabaseHolder } from './find-database-holder.js';

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
}

/** Other processes waiting for the file, from their markers. */
async function waitingProcesses(waitingDirectory: string): Promise<number[]> {
  const names = await readdir(waitingDirectory).catch(() => [] as string[]);
  const pids = new Set(names.map((name) => Number(name.split('-')[0])).filter((pid) => pid !== process.pid && isProcessAlive(pid)));
  return [...pids];
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

/**
 * Opens a database file that other processes may hold: tries, and while it
 * is busy leaves a marker in the waiting directory (so Assay processes that
 * hold it hand it over) and retries with backoff, for up to `timeoutMs`;
 * then throws StoreBusyError naming the holder.
 */
export async function waitForDatabase<T>({ databasePath, waitingDirectory, timeoutMs, tryOpen }: WaitForDatabaseOptions<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  let marker: string | undefined;
  try {
    for (;;) {
      const opened = await tryOpen();
      if (!(opened instanceof BusyDatabase)) return opened;
      if (Date.now() >= deadline) throw await storeBusyError({ databasePath, waitingDirectory, waitedMs: timeoutMs, busy: opened });
      if (!marker) {
        await mkdir(waitingDirectory, { recursive: true });
        marker = join(waitingDirectory, `${process.pid}-${Math.random().toString(36).slice(2)}`);
        await writeFile(marker, '');
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 20);
    }
  } finally {
    if (marker) await rm(marker, { force: true });
  }
}
