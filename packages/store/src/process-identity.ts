// `@assay/store/process`: which process this is, and whether another one is
// still running, without loading DuckDB. Runs record their process with it
// (host, pid, start time); a later process ends the runs of processes that
// are gone.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process as a run records it. */
export interface ProcessIdentity {
  /** The host's name. */
  host: string;
  /** The process id. */
  pid: number;
  /** When the process started, in milliseconds since the epoch. */
  startTime: number;
}

/** Options of isSameProcessRunning. */
export interface IsSameProcessRunningOptions {
  /** The process id a run recorded. */
  pid: number;
  /** The start time it recorded with it (milliseconds since the epoch); undefined when none was recorded. */
  startTime: number | undefined;
}

// The kernel counts process start times in clock ticks, which user space sees at 100 per second on
// every Linux architecture Node runs on.
const TICKS_PER_SECOND = 100;
// The boot time /proc/stat gives is whole seconds, and moves when the clock is set: two readings of one
// process's start time may differ by this much. Another process reusing the pid starts after the first
// one ended, which is well after it started.
const START_TIME_TOLERANCE_MS = 2000;

let bootTimeSeconds: number | undefined | null = null;

function readBootTimeSeconds(): number | undefined {
  if (bootTimeSeconds === null) {
    try {
      const match = /^btime (\d+)$/mu.exec(readFileSync('/proc/stat', 'utf8'));
      bootTimeSeconds = match ? Number(match[1]) : undefined;
    } catch {
      bootTimeSeconds = undefined;
    }
  }
  return bootTimeSeconds;
}

/** A process's state letter and start time (milliseconds since the epoch) from `/proc/<pid>/stat` on Linux; undefined elsewhere or when it is gone. */
function readProcessStat(pid: number): { state: string; startTime: number | undefined } | undefined {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const bootTime = readBootTimeSeconds();
  const ticks = Number(fields[19]);
  const startTime = bootTime === undefined || !Number.isFinite(ticks) ? undefined : bootTime * 1000 + Math.round((ticks * 1000) / TICKS_PER_SECOND);
  return { state: fields[0] ?? '', startTime };
}

/**
 * When a process started (milliseconds since the epoch), from
 * `/proc/<pid>/stat` on Linux; undefined elsewhere or when the process is
 * gone.
 */
export function readProcessStartTime(pid: number): number | undefined {
  return readProcessStat(pid)?.startTime;
}

/** True when a process with this id exists (also one owned by another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True while the process a run recorded still runs: its pid is alive (not a
 * zombie) and, where start times can be read (Linux), started when recorded,
 * so that a later process that got the same pid does not count.
 */
export function isSameProcessRunning({ pid, startTime }: IsSameProcessRunningOptions): boolean {
  if (!isProcessAlive(pid)) return false;
  const stat = readProcessStat(pid);
  // A zombie has ended: only its parent has not collected its exit status yet.
  if (stat?.state === 'Z') return false;
  if (startTime === undefined) return true;
  const actual = stat?.startTime;
  return actual === undefined || Math.abs(actual - startTime) <= START_TIME_TOLERANCE_MS;
}

let current: ProcessIdentity | undefined;

/** This process: host, pid and start time (from /proc on Linux, else Node's time origin). */
export function currentProcessIdentity(): ProcessIdentity {
  current ??= {
    host: hostname(),
    pid: process.pid,
    startTime: readProcessStartTime(process.pid) ?? Math.round(performance.timeOrigin),
  };
  return current;
}
