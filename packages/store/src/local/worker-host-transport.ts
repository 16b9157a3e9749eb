import { Worker, type WorkerOptions } from 'node:worker_threads';
import { packMetrics } from './packed-metrics.js';
import { segmentClockBuffer } from './spool.js';
import {
  CONTROL_BYTES,
  HOST_STATE,
  controlCells,
  type HostReply,
  type HostRequest,
  type HostTransport,
  type HostTransportEvents,
  type InitRequest,
  type StopRequest,
  type StoreHostOptions,
  type StoreWorkerData,
} from './store-protocol.js';

/**
 * The worker's script and how to start it. Built, it is `local/store-worker.js`
 * beside the bundle's chunks (scripts/build.mjs). From the TypeScript sources
 * (tests, tsx), the worker registers tsx first and resolves workspace
 * packages to their sources, as the app thread does.
 */
function workerScript(): { script: string | URL; options: WorkerOptions } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./local/store-worker.js', import.meta.url), options: {} };
  const tsx = import.meta.resolve('tsx/esm/api');
  // (Not `new URL('./store-worker.ts', import.meta.url)`: bundlers would look for that file beside the bundle.)
  const entry = import.meta.url.replace(/[^/]+$/u, 'store-worker.ts');
  return {
    script: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`,
    options: { eval: true, execArgv: ['--conditions=@assay/source'] },
  };
}

/** Threads kept, idle, for the next store (starting one loads DuckDB: ~150 ms). */
const MAX_IDLE_THREADS = 1;

/**
 * A worker thread that hosts one store at a time (store-worker.ts). Between
 * stores it waits, unref'd and holding nothing, in `idleThreads`.
 */
class StoreWorkerThread {
  readonly worker: Worker;
  readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  readonly cells = controlCells(this.control);
  ready = false;
  /** The transport using it now; undefined while idle. */
  owner: WorkerHostTransport | undefined;
  private failure: Error | undefined;

  constructor() {
    const { script, options } = workerScript();
    const workerData: StoreWorkerData = { control: this.control, segmentClock: segmentClockBuffer() };
    this.worker = new Worker(script, { ...options, workerData });
    this.worker.unref();
    this.worker.on('message', (reply: HostReply) => {
      if (reply.type === 'ready') this.ready = true;
      this.owner?.receive(reply);
    });
    this.worker.on('error', (error) => {
      this.failure ??= error;
    });
    this.worker.on('exit', (code) => {
      const index = idleThreads.indexOf(this);
      if (index >= 0) idleThreads.splice(index, 1);
      this.owner?.threadExited(this.failure ?? new Error(`its thread exited with code ${code}`));
    });
  }
}

const idleThreads: StoreWorkerThread[] = [];

/**
 * A StoreHost in a worker thread (store-worker.ts). The thread is unref'd
 * unless the app waits for it (keepAlive), so it never keeps the process
 * alive on its own. A shared control block carries what the host has made
 * durable, and lets the app thread stop it synchronously at exit. A closed
 * store's thread is kept for the next store of the process.
 */
export class WorkerHostTransport implements HostTransport {
  readonly exited: Promise<void>;
  private current: StoreWorkerThread | undefined;
  // Requests made before the thread was ready to take them (it waits for the previous host to be gone).
  private backlog: HostRequest[] | undefined = [];
  private kept = false;
  private stopping = false;
  private resolveExited!: () => void;

  constructor(
    options: StoreHostOptions,
    private readonly events: HostTransportEvents,
    /** The host this one replaces: two hosts must never have the file open in one process (locks do not exclude a process from itself). */
    previous?: Promise<void>,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    // Started asynchronously, so that no event comes before the caller has the transport.
    void Promise.resolve(previous).then(() => this.start(options));
  }

  get ready(): boolean {
    return this.current?.ready ?? false;
  }

  /** The worker thread, once there is one. */
  get thread(): Worker | undefined {
    return this.current?.worker;
  }

  post(request: HostRequest): void {
    if (this.backlog) this.backlog.push(request);
    else if (this.current) this.send(this.current.worker, request);
  }

  keepAlive(keep: boolean): void {
    this.kept = keep;
    if (keep) this.current?.worker.ref();
    else this.current?.worker.unref();
  }

  durableThrough(): number {
    return this.current ? Number(Atomics.load(this.current.cells.durable, 0)) : 0;
  }

  stopSync(timeoutMs: number): number {
    this.stopping = true;
    const thread = this.current;
    if (!thread) {
      // Not started yet: it never had the file.
      this.backlog = undefined;
      return 0;
    }
    const { state } = thread.cells;
    if (Atomics.load(state, 0) === HOST_STATE.running) {
      Atomics.store(state, 0, HOST_STATE.stopping);
      thread.worker.postMessage({ type: 'stop' } satisfies StopRequest);
    }
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(state, 0) !== HOST_STATE.stopped) {
      const remaining = deadline - Date.now();
      // Past the wait the caller goes on (the process exits) and the host's thread ends with it; writes it has
      // not reported durable are the caller's to spool. (Not terminate(): cutting a DuckDB call short aborts the process.)
      if (remaining <= 0) break;
      Atomics.wait(state, 0, HOST_STATE.stopping, remaining);
    }
    return this.durableThrough();
  }

  async closed(): Promise<void> {
    this.stopping = true;
    this.backlog = undefined;
    const thread = this.current;
    if (thread) {
      // Its host is closed (it holds no file and runs no DuckDB call): the thread waits for the next store, or ends.
      thread.owner = undefined;
      thread.worker.unref();
      if (idleThreads.length < MAX_IDLE_THREADS) idleThreads.push(thread);
      else thread.worker.postMessage({ type: 'stop' } satisfies StopRequest);
    }
    this.resolveExited();
    await this.exited;
  }

  /** A reply of the host (from the thread). */
  receive(reply: HostReply): void {
    this.events.onReply(reply);
  }

  /** The thread ended. */
  threadExited(error: Error): void {
    this.resolveExited();
    if (!this.stopping) this.events.onGone(error);
  }

  private start(options: StoreHostOptions): void {
    if (this.stopping) {
      this.resolveExited();
      return;
    }
    let thread = idleThreads.pop();
    if (!thread) {
      try {
        thread = new StoreWorkerThread();
      } catch (error) {
        this.resolveExited();
        this.events.onGone(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    } else {
      // A kept thread is loaded already.
      queueMicrotask(() => this.events.onReply({ type: 'ready' }));
    }
    thread.owner = this;
    this.current = thread;
    Atomics.store(thread.cells.state, 0, HOST_STATE.running);
    Atomics.store(thread.cells.durable, 0, 0n);
    if (this.kept) thread.worker.ref();
    thread.worker.postMessage({ type: 'init', options } satisfies InitRequest);
    const backlog = this.backlog ?? [];
    this.backlog = undefined;
    for (const request of backlog) this.send(thread.worker, request);
  }

  private send(worker: Worker, request: HostRequest): void {
    try {
      const { operation } = request.type === 'write' ? request : {};
      if (operation?.op === 'logBatch' && operation.metrics.length > 0) {
        const { packed, buffers } = packMetrics(operation.metrics);
        worker.postMessage({ ...request, operation: { ...operation, metrics: [] }, packedMetrics: packed }, buffers);
      } else {
        worker.postMessage(request);
      }
    } catch (error) {
      this.events.onUnsent(request, error instanceof Error ? error : new Error(String(error)));
    }
  }
}
