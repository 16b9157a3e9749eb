import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { AssayError, errorMessage, type LogSpansResult, type RejectedTrace, type WriteOperation } from '@assay/core';
import { InlineHostTransport } from './inline-host-transport.js';
import { isRepeatable } from './leased-store.js';
import { writeOriginOf, type ForeignOrigin, type Spool } from './spool.js';
import { deserializeError } from './serialized-error.js';
import type {
  HostInput,
  HostMethod,
  HostReply,
  HostRequest,
  HostResult,
  HostTransport,
  HostTransportEvents,
  StoreHostOptions,
} from './store-protocol.js';
import { WorkerHostTransport } from './worker-host-transport.js';

/** Where a LocalStore's database work runs: a worker thread (the default), or the app's own thread. */
export type StoreThread = 'worker' | 'inline';

/** Options of StoreClient. */
export interface StoreClientOptions {
  /** The store's database, spool and lease settings; the writer id is the client's own. */
  host: Omit<StoreHostOptions, 'writer'>;
  /** Where the host runs. */
  thread: StoreThread;
  /** The store's spool: the client writes to it itself at exit, and when no host can run. */
  spool: Spool;
  /** How long the app thread waits at exit for the host to finish its transaction and release the file. */
  exitWaitMs: number;
}

/** What a durable write answers: the traces a span write's spans were left out of (none for other writes, or a spooled one). */
export type WriteResult = LogSpansResult;

/** A write handed over and not yet acknowledged; kept until it is. */
interface PendingWrite {
  sequence: number;
  operation: WriteOperation;
  /** Another writer's origin of the write, when it is one (see ForeignOrigin). */
  origin: ForeignOrigin | undefined;
  /** Its spans left out, when the host said so (see the 'spans-rejected' reply). */
  rejectedTraces?: RejectedTrace[];
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

/** A call, flush or close waiting for its reply. */
interface PendingCall {
  request: Extract<HostRequest, { id: number }>;
  resolve: (reply: { value: unknown; reached: boolean }) => void;
  reject: (error: unknown) => void;
  repeatable: boolean;
}

/** A host that died this many times in a row without acknowledging a write is given up on for the writes it holds. */
const DEATHS_WITHOUT_PROGRESS = 3;

function closedError(): AssayError {
  return new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.');
}

/**
 * The app thread's side of a LocalStore's database: sends calls and writes
 * to a StoreHost (in a worker thread, or inline) and matches the replies.
 * Each write gets this client's next sequence number and is kept until the
 * host acknowledges it; a host that dies is replaced at once when anything
 * waits for it (else on the next request), and every write it had not
 * acknowledged is sent again (the host skips those it had applied, see
 * applied-writes.ts). At process exit, settleSync stops the host, learns
 * what it made durable and spools the rest, synchronously.
 */
export class StoreClient {
  /** This client's writer id: unique across processes and time. */
  readonly writer = `${process.pid}-${randomUUID()}`;
  private nextSequence = 1;
  private nextCallId = 1;
  private readonly writes = new Map<number, PendingWrite>();
  private readonly calls = new Map<number, PendingCall>();
  private transport: HostTransport | undefined;
  private previousExit: Promise<void> | undefined;
  // A worker host told to stop by a short settleSync (at a signal) that was still inside a DuckDB call:
  // the process's exit waits for it (see settleSync).
  private stoppingHost: WorkerHostTransport | undefined;
  private thread: StoreThread;
  private failedStarts = 0;
  private deathsWithoutProgress = 0;
  private closed = false;

  constructor(private readonly options: StoreClientOptions) {
    this.thread = options.thread;
  }

  /** The worker thread running the host now, if any (tests end it the hard way to see the client recover). */
  get hostThread(): Worker | undefined {
    return this.transport instanceof WorkerHostTransport ? this.transport.thread : undefined;
  }

  /** Runs a Store method on the database, waiting for other processes if needed. */
  async call<K extends HostMethod>(method: K, input: HostInput<K>): Promise<HostResult<K>> {
    if (this.closed) throw closedError();
    const { value } = await this.request((id) => ({ type: 'call', id, method, input, wait: true }), isRepeatable(method));
    return value as HostResult<K>;
  }

  /** Runs a Store method on the database if it can be had without waiting; undefined when it is busy or damaged. */
  async tryCall<K extends HostMethod>(method: K, input: HostInput<K>): Promise<{ value: HostResult<K> } | undefined> {
    if (this.closed) throw closedError();
    const { value, reached } = await this.request((id) => ({ type: 'call', id, method, input, wait: false }), isRepeatable(method));
    return reached ? { value: value as HostResult<K> } : undefined;
  }

  /**
   * Hands one write over; resolves once it is committed or spooled (durable),
   * rejects if the database refuses it. With `origin`, it is another
   * writer's write, applied once per that writer's sequence number.
   */
  write(operation: WriteOperation, origin?: ForeignOrigin): Promise<WriteResult> {
    if (this.closed) return Promise.reject(closedError());
    const sequence = this.nextSequence++;
    // Connected first, as in request: a new host is sent every registered write.
    const transport = this.connect();
    const written = new Promise<WriteResult>((resolve, reject) => {
      this.writes.set(sequence, { sequence, operation, origin, resolve, reject });
    });
    transport.post({ type: 'write', sequence, operation, ...(origin !== undefined ? { origin } : {}) });
    this.updateKeepAlive();
    return written;
  }

  /** Resolves once every earlier write is durable, having moved spooled writes into the database if it is free. */
  async flush(): Promise<void> {
    if (this.closed) throw closedError();
    await this.request((id) => ({ type: 'flush', id }), true);
  }

  /** Releases the database for good and ends the host; requests made from now on reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.request((id) => ({ type: 'close', id }), true);
    const transport = this.transport;
    this.transport = undefined;
    await transport?.closed();
  }

  /**
   * For process exit (synchronous, nothing asynchronous runs any more):
   * stops the host after its transaction in progress (waiting at most
   * `waitMs`, by default exitWaitMs), then spools every write it has not made durable, with
   * their sequence numbers, so that a copy the host did commit after all is
   * skipped. Every write handed over is then durable. Calls in progress
   * fail. A later request starts a new host.
   */
  settleSync(waitMs: number = this.options.exitWaitMs): void {
    const transport = this.transport;
    this.transport = undefined;
    let durable = 0;
    if (transport) {
      try {
        durable = transport.stopSync(waitMs);
      } catch (error) {
        console.error(`[assay] could not stop the store's thread at exit: ${errorMessage(error)}`);
      }
      this.previousExit = transport.exited;
    }
    if (waitMs >= this.options.exitWaitMs) {
      // The process exits now. A host a signal's short wait left inside a DuckDB call is waited for
      // (its writes are spooled already): Node ending the thread mid-call would abort the process.
      this.stoppingHost?.stopSync(waitMs);
      this.stoppingHost = undefined;
    } else if (transport instanceof WorkerHostTransport) {
      this.stoppingHost = transport;
    }
    this.acknowledge(durable);
    this.spoolPendingWrites();
    for (const [id, call] of this.calls) {
      this.calls.delete(id);
      call.reject(new AssayError('INTERNAL_ERROR', 'The store stopped before this call ended: the process is exiting.'));
    }
  }

  private request(make: (id: number) => PendingCall['request'], repeatable: boolean): Promise<{ value: unknown; reached: boolean }> {
    const request = make(this.nextCallId++);
    // Connected before the call is registered: a new host is sent every registered call, so a call
    // registered first would reach it twice (and a registration would be made twice).
    const transport = this.connect();
    const answered = new Promise<{ value: unknown; reached: boolean }>((resolve, reject) => {
      this.calls.set(request.id, { request, resolve, reject, repeatable });
    });
    transport.post(request);
    this.updateKeepAlive();
    return answered;
  }

  /** The running host, or a new one that is sent every write and call still waiting. */
  private connect(): HostTransport {
    if (this.transport) return this.transport;
    // Events of a host that was replaced (or stopped at exit) are ignored.
    const owner: { transport?: HostTransport } = {};
    const events: HostTransportEvents = {
      onReply: (reply) => {
        if (owner.transport === this.transport) this.receive(reply);
      },
      onGone: (error) => this.onGone(owner.transport, error),
      onUnsent: (request, error) => {
        if (owner.transport === this.transport) this.onUnsent(request, error);
      },
    };
    const host: StoreHostOptions = { ...this.options.host, writer: this.writer };
    const transport =
      this.thread === 'worker' ? new WorkerHostTransport(host, events, this.previousExit) : new InlineHostTransport(host, events, this.previousExit);
    owner.transport = transport;
    this.transport = transport;
    this.previousExit = transport.exited;
    for (const { sequence, operation, origin } of this.writes.values()) transport.post({ type: 'write', sequence, operation, ...(origin !== undefined ? { origin } : {}) });
    for (const { request } of this.calls.values()) transport.post(request);
    return transport;
  }

  private receive(reply: HostReply): void {
    switch (reply.type) {
      case 'ready':
        this.failedStarts = 0;
        break;
      case 'written':
        this.deathsWithoutProgress = 0;
        this.acknowledge(reply.through);
        break;
      case 'spans-rejected': {
        const write = this.writes.get(reply.sequence);
        if (write !== undefined) write.rejectedTraces = reply.traces;
        break;
      }
      case 'write-failed': {
        const write = this.writes.get(reply.sequence);
        this.writes.delete(reply.sequence);
        write?.reject(deserializeError(reply.error));
        break;
      }
      case 'result': {
        const call = this.calls.get(reply.id);
        this.calls.delete(reply.id);
        call?.resolve({ value: reply.value, reached: reply.reached });
        break;
      }
      case 'failed': {
        const call = this.calls.get(reply.id);
        this.calls.delete(reply.id);
        call?.reject(deserializeError(reply.error));
        break;
      }
      case 'log':
        if (reply.level === 'error') console.error(reply.text);
        else console.warn(reply.text);
        break;
    }
    this.updateKeepAlive();
  }

  /** Resolves every write up to `through` (they are durable). */
  private acknowledge(through: number): void {
    for (const [sequence, write] of this.writes) {
      if (sequence > through) break;
      this.writes.delete(sequence);
      write.resolve({ rejectedTraces: write.rejectedTraces ?? [] });
    }
  }

  private onUnsent(request: HostRequest, error: Error): void {
    const reason = new AssayError('INVALID_PARAMETER_VALUE', `The store cannot take this input: ${error.message}. Pass plain data (JSON values).`, { cause: error });
    if (request.type === 'write') {
      const write = this.writes.get(request.sequence);
      this.writes.delete(request.sequence);
      write?.reject(reason);
    } else {
      const call = this.calls.get(request.id);
      this.calls.delete(request.id);
      call?.reject(reason);
    }
    this.updateKeepAlive();
  }

  /**
   * The host's thread ended on its own: what it published as durable is
   * acknowledged, calls that cannot be repeated fail, and if anything still
   * waits a new host starts and gets it all again. Reported once, never
   * thrown at the app.
   */
  private onGone(transport: HostTransport | undefined, error: Error): void {
    if (!transport || transport !== this.transport) return;
    this.transport = undefined;
    const before = this.writes.size;
    this.acknowledge(transport.durableThrough());
    if (this.writes.size < before) this.deathsWithoutProgress = 0;
    else if (this.writes.size > 0) this.deathsWithoutProgress += 1;
    if (!transport.ready) this.failedStarts += 1;
    for (const [id, call] of this.calls) {
      if (call.repeatable) continue;
      this.calls.delete(id);
      const method = call.request.type === 'call' ? call.request.method : call.request.type;
      call.reject(new AssayError('INTERNAL_ERROR', `The store's worker thread stopped while ${method} ran, so it may or may not have been applied; check, then retry.`, { cause: error }));
    }
    if (this.thread === 'worker' && this.failedStarts >= 2) {
      this.thread = 'inline';
      console.error(`[assay] the store's worker thread could not start (${error.message}); this store's database work now runs on the app's thread.`);
    } else {
      console.error(
        `[assay] the store's ${this.thread === 'worker' ? 'worker thread' : 'database work'} stopped (${error.message}); it starts again` +
          (this.writes.size > 0 ? ` and the ${this.writes.size} write(s) not yet stored are sent again.` : '.'),
      );
    }
    if (this.deathsWithoutProgress >= DEATHS_WITHOUT_PROGRESS || (this.thread === 'inline' && this.failedStarts >= 4)) {
      // It keeps dying on these writes: they wait in the spool for the next holder (of any process) instead.
      this.spoolPendingWrites();
      this.deathsWithoutProgress = 0;
      for (const [id, call] of this.calls) {
        this.calls.delete(id);
        call.reject(new AssayError('INTERNAL_ERROR', `The store's database work keeps stopping (${error.message}).`, { cause: error }));
      }
    }
    if (this.writes.size > 0 || this.calls.size > 0) this.connect();
    this.updateKeepAlive();
  }

  /** Writes every write not yet acknowledged to the spool, with its sequence number, and resolves it (it is durable). */
  private spoolPendingWrites(): void {
    const pending = [...this.writes.values()];
    if (pending.length === 0) return;
    mkdirSync(this.options.spool.directory, { recursive: true });
    this.options.spool.writeSync(
      pending.map((write) => write.operation),
      writeOriginOf(this.writer, pending),
    );
    this.writes.clear();
    // Spooled: the spans a write leaves out are known when the spool is applied (recorded in rejected_writes).
    for (const write of pending) write.resolve({ rejectedTraces: [] });
  }

  private updateKeepAlive(): void {
    this.transport?.keepAlive(this.writes.size > 0 || this.calls.size > 0);
  }
}
