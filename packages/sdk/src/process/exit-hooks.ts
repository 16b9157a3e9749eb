import { errorMessage, type SyncWriteOptions } from '@assay/core';

/** How runs left open end when the process exits. */
export type ExitStatus = 'FINISHED' | 'FAILED' | 'KILLED';

/** Something that keeps writes in memory and must save them before the process ends (an Assay instance). */
export interface ExitParticipant {
  /** True while it holds buffered writes, queued spans or runs not yet ended. */
  hasPendingWork(): boolean;
  /** The event loop emptied: write everything and end open runs with `status`, the normal asynchronous way. Never rejects. */
  drain(status: ExitStatus): Promise<void>;
  /** The process is exiting and nothing asynchronous runs any more: save what is left synchronously (the local store's spool). */
  saveSync(status: ExitStatus, options: SyncWriteOptions): void;
}

// The process-wide hooks, installed once for every Assay instance: the
// process and its signals are one per process.
const participants = new Set<ExitParticipant>();
let installed = false;
let draining = false;

/**
 * At a signal, how long the local store may wait for its database's
 * transaction in progress before spooling what that has not made durable.
 * Whoever sent the signal may kill the process soon: `next dev` sends
 * SIGKILL to its server 100 ms after SIGTERM, and the first open of a store
 * (loading DuckDB, creating the file) alone takes longer under load. A write
 * both committed and spooled is stored once (the spool keeps its sequence).
 */
const SIGNAL_WAIT_MS = 20;

function statusForExitCode(code: number | string | null | undefined): ExitStatus {
  return code === undefined || code === null || Number(code) === 0 ? 'FINISHED' : 'FAILED';
}

/**
 * The event loop is empty: write what is buffered and end the runs left open.
 * Node emits 'beforeExit' again after this work; it stops once nothing is
 * pending (spans that keep failing are given up after their last retry).
 */
function onBeforeExit(): void {
  if (draining) return;
  const pending = [...participants].filter((participant) => participant.hasPendingWork());
  if (pending.length === 0) return;
  draining = true;
  const status = statusForExitCode(process.exitCode);
  void Promise.all(pending.map((participant) => participant.drain(status))).finally(() => {
    draining = false;
  });
}

/**
 * The process is exiting (`process.exit()`, an uncaught error, or after
 * 'beforeExit'): whatever is not yet acknowledged goes to the local store's
 * spool synchronously, with open runs marked FINISHED (exit code 0) or
 * FAILED. The next process that opens the store applies the spool.
 */
function onExit(code: number): void {
  saveAll(statusForExitCode(code ?? process.exitCode), {});
}

/**
 * Ctrl-C or a termination request: save what is buffered (runs left open are
 * KILLED), then, unless the app handles the signal itself, let it end the
 * process the default way.
 */
function onSignal(signal: NodeJS.Signals): void {
  saveAll('KILLED', { waitMs: SIGNAL_WAIT_MS });
  process.removeListener(signal, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function saveAll(status: ExitStatus, options: SyncWriteOptions): void {
  for (const participant of participants) {
    try {
      participant.saveSync(status, options);
    } catch (error) {
      console.error(`[assay] could not save buffered writes at exit: ${errorMessage(error)}`);
    }
  }
}

/** Saves `participant`'s writes when the process ends; installs the process hooks ('beforeExit', 'exit', SIGINT, SIGTERM) once. */
export function saveBeforeExit(participant: ExitParticipant): void {
  participants.add(participant);
  if (installed) return;
  installed = true;
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Stops saving `participant`'s writes at exit (it was disposed). */
export function forgetAtExit(participant: ExitParticipant): void {
  participants.delete(participant);
}
