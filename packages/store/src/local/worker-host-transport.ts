import { Worker, type WorkerOptions } from 'node:worker_threads';
import { segmentClockBuffer } from './spool.js';
import {
  CONTROL_BYTES,
  HOST_STATE,
  controlCells,
  type HostReply,
  type HostRequest,
  type HostTransport,
  type HostTransportEvents,
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

/**
 * A StoreHost in a worker thread (store-worker.ts). The thread is unref'd
 * unless the app waits for it (keepAlive), so it never keeps the process
 * alive on its own. A shared control block carries what the host has made
 * durable, and lets the app thread stop it synchronously at exit.
 */
export class WorkerHostTransport implements HostTransport {
  readonly exited: Promise<void>;
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  private readonly cells = controlCells(this.control);
  private worker: Worker | undefined;
  // Requests made before the thread started (it waits for the previous host to be gone).
  private backlog: HostRequest[] | undefined = [];
  private isReady = false;
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
    return this.isReady;
  }

  /** The worker thread, once started. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  post(request: HostRequest): void {
    if (this.backlog) this.backlog.push(request);
    else if (this.worker) this.send(this.worker, request);
  }

  keepAlive(keep: boolean): void {
    this.kept = keep;
    if (keep) this.worker?.ref();
    else this.worker?.unref();
  }

  durableThrough(): number {
    return Number(Atomics.load(this.cells.durable, 0));
  }

  stopSync(timeoutMs: number): number {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) {
      // Not started yet: it never had the file.
      this.backlog = undefined;
      return this.durableThrough();
    }
    const { state } = this.cells;
    if (Atomics.load(state, 0) === HOST_STATE.running) {
      Atomics.store(state, 0, HOST_STATE.stopping);
      worker.postMessage({ type: 'stop' } satisfies StopRequest);
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
    const worker = this.worker;
    if (!worker) return;
    // The app awaits this: the thread keeps the process alive until it has ended.
    worker.ref();
    // It ends by itself once closed; should something keep it alive, it holds no file and no DuckDB call by now.
    const stuck = setTimeout(() => void worker.terminate(), 2000);
    stuck.unref();
    await this.exited;
    clearTimeout(stuck);
  }

  private start(options: StoreHostOptions): void {
    if (this.stopping) {
      this.resolveExited();
      return;
    }
    const { script, options: workerOptions } = workerScript();
    const workerData: StoreWorkerData = { options, control: this.control, segmentClock: segmentClockBuffer() };
    let failure: Error | undefined;
    let worker: Worker;
    try {
      worker = new Worker(script, { ...workerOptions, workerData });
    } catch (error) {
      this.resolveExited();
      this.events.onGone(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.worker = worker;
    if (!this.kept) worker.unref();
    worker.on('message', (reply: HostReply) => {
      if (reply.type === 'ready') this.isReady = true;
      this.events.onReply(reply);
    });
    worker.on('error', (error) => {
      failure ??= error;
    });
    worker.on('exit', (code) => {
      this.resolveExited();
      if (this.stopping) return;
      this.events.onGone(failure ?? new Error(`its thread exited with code ${code}`));
    });
    const backlog = this.backlog ?? [];
    this.backlog = undefined;
    for (const request of backlog) this.send(worker, request);
  }

  private send(worker: Worker, request: HostRequest): void {
    try {
      worker.postMessage(request);
    } catch (error) {
      this.events.onUnsent(request, error instanceof Error ? error : new Error(String(error)));
    }
  }
}
