/**
 * CPU clocks for benchmarks: the calling thread's own CPU time (the app's
 * thread, excluding worker threads and DuckDB's threads) and the whole
 * process's. Linux only for the thread clock; elsewhere it falls back to
 * process CPU and says so in `appThreadClock.source`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Where the thread clock reads from: the scheduler's ns counter, the task's clock ticks, or (fallback) the whole process. */
export type ThreadClockSource = 'schedstat' | 'task-stat' | 'process';

function readSchedstat(): number {
  // First field: nanoseconds this thread spent on a CPU.
  const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
  return Number(text.slice(0, text.indexOf(' '))) / 1000;
}

let ticksPerSecond = 100;
function readTaskStat(): number {
  // Fields 14 and 15 (utime, stime) in clock ticks, counted after the ")" that ends the command name.
  const text = readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
}

function readProcess(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

function probe(read: () => number): boolean {
  try {
    return Number.isFinite(read());
  } catch {
    return false;
  }
}

function chooseThreadClock(): { source: ThreadClockSource; read: () => number } {
  if (probe(readSchedstat)) return { source: 'schedstat', read: readSchedstat };
  if (probe(readTaskStat)) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // 100 is every Linux's USER_HZ in practice
    }
    return { source: 'task-stat', read: readTaskStat };
  }
  return { source: 'process', read: readProcess };
}

const chosen = chooseThreadClock();

/**
 * The CPU time of the thread that calls `now()` (the main thread, when called
 * there), in microseconds: /proc/thread-self/schedstat (ns resolution), else
 * /proc/self/task/<pid>/stat (10 ms ticks: use rounds of seconds), else the
 * whole process's CPU (`source` says which).
 */
export const appThreadClock: { readonly source: ThreadClockSource; now(): number } = {
  source: chosen.source,
  now: chosen.read,
};

/** CPU time of the whole process (every thread), user + system, in microseconds. */
export function processCpuMicros(): number {
  return readProcess();
}

/** Both clocks at once. */
export interface CpuReading {
  appThread: number;
  process: number;
}

/** Reads both clocks (microseconds). */
export function readCpu(): CpuReading {
  return { appThread: appThreadClock.now(), process: processCpuMicros() };
}

/** Microseconds of each clock since `start`. */
export function cpuSince(start: CpuReading): CpuReading {
  const end = readCpu();
  return { appThread: end.appThread - start.appThread, process: end.process - start.process };
}

/** A one-line description of the clocks, for reports. */
export function describeClocks(): string {
  return appThreadClock.source === 'process'
    ? 'app-thread CPU: NOT AVAILABLE on this system, process CPU used instead (includes every thread)'
    : `app-thread CPU from ${appThreadClock.source === 'schedstat' ? '/proc/thread-self/schedstat (ns)' : `/proc/self/task/${process.pid}/stat (clock ticks)`}; process CPU from process.cpuUsage()`;
}
