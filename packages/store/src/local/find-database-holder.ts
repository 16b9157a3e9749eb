import { readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, type StoreHolder } from '@assay/core';

/** Options of findDatabaseHolder. */
export interface FindDatabaseHolderOptions {
  /** The database file. */
  databasePath: string;
  /** DuckDB's lock error, which usually names the holder's pid and program. */
  lockError?: unknown;
  /** A pid known otherwise (the creator of a new database file). */
  pid?: number;
}

const COMMAND_LENGTH = 200;

async function readCommandLine(pid: number): Promise<string | undefined> {
  try {
    const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((part) => part !== '').join(' ');
    if (command === '') return undefined;
    return command.length > COMMAND_LENGTH ? `${command.slice(0, COMMAND_LENGTH)}…` : command;
  } catch {
    return undefined;
  }
}

/** A process (other than this one) with the file open, from /proc (Linux); undefined elsewhere or when none is found. */
async function findInProc(databasePath: string): Promise<number | undefined> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/u.test(name) && Number(name) !== process.pid);
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let descriptors: string[];
    try {
      descriptors = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const descriptor of descriptors) {
      const target = await readlink(join(`/proc/${pid}/fd`, descriptor)).catch(() => undefined);
      if (target === databasePath) return Number(pid);
    }
  }
  return undefined;
}

/**
 * The process that holds a database file, for error messages: the pid
 * DuckDB's lock error names, else one found with the file open in /proc;
 * with its command line when the system tells. Undefined when it cannot be
 * found. Runs only on error paths: the /proc scan reads every process's
 * open files.
 */
export async function findDatabaseHolder({ databasePath, lockError, pid }: FindDatabaseHolderOptions): Promise<StoreHolder | undefined> {
  const named = lockError === undefined ? undefined : /Conflicting lock is held in (.*?) \(PID (\d+)\)/u.exec(errorMessage(lockError));
  const holderPid = pid ?? (named ? Number(named[2]) : await findInProc(databasePath));
  if (holderPid === undefined) return undefined;
  const command = (await readCommandLine(holderPid)) ?? named?.[1];
  return { pid: holderPid, ...(command !== undefined ? { command } : {}) };
}

/** "process 1234 (duckdb assay.duckdb)", or what is known. */
export function describeHolder(holder: StoreHolder | undefined): string {
  if (!holder) return 'a process that could not be identified (DuckDB did not name it, and no process with the file open was found in /proc)';
  return `process ${holder.pid}${holder.command !== undefined ? ` (${holder.command})` : ''}`;
}
