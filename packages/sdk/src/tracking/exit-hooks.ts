import { canWriteSync, type Store, type WriteOperation } from '@assay/core';
import { spoolQueuedSpansSync } from '../tracing/spool-queued-spans-sync.js';
import { openRuns } from './open-runs.js';
import { writeBuffer } from './write-buffer.js';

let installed = false;
let draining = false;

function statusForExitCode(code: number | string | null | undefined): 'FINISHED' | 'FAILED' {
  return code === undefined || code === null || Number(code) === 0 ? 'FINISHED' : 'FAILED';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The event loop is empty: write what is buffered and end the runs left
 * open, the normal asynchronous way. Node emits 'beforeExit' again after
 * this work, which then finds nothing to do.
 */
async function onBeforeExit(): Promise<void> {
  const unended = [...openRuns].filter((run) => !run.ended);
  if (draining || (writeBuffer.idle && unended.length === 0)) return;
  draining = true;
  try {
    if (!writeBuffer.idle) {
      await writeBuffer.flush().catch((error: unknown) => {
        console.warn(`[assay] could not write buffered entries before exit: ${message(error)}`);
      });
    }
    const status = statusForExitCode(process.exitCode);
    const results = await Promise.allSettled(unended.map((run) => run.end({ status })));
    for (const result of results) {
      if (result.status === 'rejected') console.warn(`[assay] could not end a run before exit: ${message(result.reason)}`);
    }
  } finally {
    draining = false;
  }
}

/**
 * The process is exiting (`process.exit()`, an uncaught error, or after
 * 'beforeExit'): nothing asynchronous can run any more, so whatever is not
 * yet acknowledged goes to the local store's spool synchronously, with the
 * still-open runs marked FINISHED (exit code 0) or FAILED. The next process
 * that opens the store applies the spool.
 */
function onExit(code: number): void {
  spoolEverything(statusForExitCode(code ?? process.exitCode));
}

/**
 * Ctrl-C or a termination request: save what is buffered (runs left open are
 * KILLED), then, unless the app handles the signal itself, let it end the
 * process the default way.
 */
function onSignal(signal: NodeJS.Signals): void {
  spoolEverything('KILLED');
  process.removeListener(signal, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function spoolEverything(status: 'FINISHED' | 'FAILED' | 'KILLED'): void {
  const byStore = new Map<Store, WriteOperation[]>();
  const operationsOf = (store: Store): WriteOperation[] => {
    let operations = byStore.get(store);
    if (!operations) {
      operations = [];
      byStore.set(store, operations);
    }
    return operations;
  };
  for (const { store, batch } of writeBuffer.drainSync()) {
    operationsOf(store).push({
      op: 'logBatch',
      runId: batch.runId,
      metrics: batch.metrics ?? [],
      params: batch.params ?? [],
      tags: batch.tags ?? [],
    });
  }
  const now = Date.now();
  for (const run of openRuns) {
    operationsOf(run.store).push({
      op: 'updateRun',
      runId: run.id,
      status: run.requestedEnd?.status ?? status,
      endTime: run.requestedEnd?.endTime ?? now,
    });
  }
  openRuns.clear();
  for (const [store, operations] of byStore) {
    if (!canWriteSync(store)) {
      console.error(`[assay] ${operations.length} write(s) were not saved: the process exited before they were flushed (call flush() or run.end() first).`);
      continue;
    }
    try {
      store.writeSync(operations);
    } catch (error) {
      console.error(`[assay] ${operations.length} write(s) could not be saved at exit: ${message(error)}`);
    }
  }
  spoolQueuedSpansSync();
}

/** Installs the process 'beforeExit', 'exit', SIGINT and SIGTERM hooks, once. */
export function installExitHooks(): void {
  if (installed) return;
  installed = true;
  process.on('beforeExit', () => {
    void onBeforeExit();
  });
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
