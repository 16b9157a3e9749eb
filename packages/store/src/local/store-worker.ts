// The worker thread of a LocalStore: a StoreHost (the DuckDB module, the
// lease on the file, the spool) answering the app thread's requests. Started
// by WorkerHostTransport; built as its own file (scripts/build.mjs). It runs
// one store's host at a time ('init'), and once that store is closed it waits,
// idle, for the next one: DuckDB is loaded once per thread, not per store.
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { unpackMetrics } from './packed-metrics.js';
import { serializeError } from './serialized-error.js';
import { useSegmentClock } from './spool.js';
import { StoreHost } from './store-host.js';
import {
  HOST_STATE,
  controlCells,
  type HostReply,
  type HostRequest,
  type InitRequest,
  type StopRequest,
  type StoreWorkerData,
} from './store-protocol.js';

const port = parentPort;
if (!port) throw new Error('store-worker.ts runs as a worker thread of a LocalStore.');
const { control, segmentClock } = workerData as StoreWorkerData;
const { state, durable } = controlCells(control);
useSegmentClock(segmentClock);

function send(reply: HostReply): void {
  try {
    port!.postMessage(reply);
  } catch (error) {
    // A result that cannot be copied (a value structured clone refuses) fails its call instead.
    if (reply.type !== 'result') throw error;
    port!.postMessage({ type: 'failed', id: reply.id, error: serializeError(error) } satisfies HostReply);
  }
}

// The store's warnings (damage, rejected spooled writes, ...) go to the app thread's console,
// where the app (and its tests) see them, in order with the replies.
console.warn = (...values: unknown[]) => send({ type: 'log', level: 'warn', text: format(...values) });
console.error = (...values: unknown[]) => send({ type: 'log', level: 'error', text: format(...values) });

let host: StoreHost | undefined;

function start({ options }: InitRequest): void {
  const started = new StoreHost(options, send, {
    onDurable: (through) => Atomics.store(durable, 0, BigInt(through)),
    // Closed: it holds nothing any more; the thread waits for the next store.
    onClosed: () => {
      if (host === started) host = undefined;
    },
  });
  host = started;
}

/**
 * The process is exiting and the app thread waits (Atomics.wait on the
 * control block): finish the transaction in progress, release the file,
 * then say so, and end. durableThrough is already in the control block.
 */
async function stop(): Promise<void> {
  try {
    if (host) {
      Atomics.store(durable, 0, BigInt(await host.stop()));
      host.releaseSync();
    }
  } finally {
    Atomics.store(state, 0, HOST_STATE.stopped);
    Atomics.notify(state, 0);
    port!.close();
  }
}

/**
 * An error nothing caught: the thread must end, but not in the middle of a
 * DuckDB call (its bindings abort the whole process when a thread is torn
 * down while one is pending). So the step in progress finishes, the file is
 * released, and only then does the error end the thread; the app thread
 * starts a new one and sends it every write not acknowledged.
 */
let failed = false;
function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  port!.removeAllListeners('message');
  const stopped = host ? host.stop().then(() => host?.releaseSync()) : Promise.resolve();
  void stopped.finally(() => {
    // An app thread stopping this host at exit (stopSync) may be waiting.
    Atomics.store(state, 0, HOST_STATE.stopped);
    Atomics.notify(state, 0);
    process.off('uncaughtException', fail);
    process.off('unhandledRejection', fail);
    setImmediate(() => {
      throw error;
    });
  });
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

port.on('message', (message: HostRequest | StopRequest | InitRequest) => {
  if (message.type === 'init') start(message);
  else if (message.type === 'stop') void stop();
  else if (message.type === 'write' && message.packedMetrics && message.operation.op === 'logBatch') {
    const { packedMetrics, ...write } = message;
    host?.receive({ ...write, operation: { ...message.operation, metrics: unpackMetrics(packedMetrics) } });
  } else host?.receive(message);
});
send({ type: 'ready' });
