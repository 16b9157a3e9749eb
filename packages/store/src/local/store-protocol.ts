// The messages between a LocalStore (the app's thread) and its StoreHost (a
// worker thread, or the same thread in inline mode). Requests go in the order
// they are made and the host runs them in that order.
import type { RejectedTrace, WriteOperation } from '@assay/core';
import type { ForwardedMethod, LocalStoreContract } from './leased-store.js';
import type { PackedMetrics } from './packed-metrics.js';
import type { SerializedError } from './serialized-error.js';
import type { ForeignOrigin } from './spool.js';

/** The Store methods a host runs on the database for the app thread. */
export type HostMethod = ForwardedMethod | 'getExperiment' | 'getExperimentByName';

/** The input of a host method. */
export type HostInput<K extends HostMethod> = Parameters<LocalStoreContract[K]>[0];

/** The result of a host method. */
export type HostResult<K extends HostMethod> = Awaited<ReturnType<LocalStoreContract[K]>>;

/** What a host needs to reach a store directory's database. */
export interface StoreHostOptions {
  /** The database file. */
  databasePath: string;
  /** Where `mlflow-artifacts:/` artifacts live. */
  artifactRoot: string;
  /** The spool's directory. */
  spoolDirectory: string;
  /** Where processes waiting for the file leave markers. */
  waitingDirectory: string;
  /** Keep the database open this long after the last operation. */
  lingerMs: number;
  /** Longest continuous hold before stepping aside for waiting processes. */
  maxHoldMs: number;
  /** How long a call that must reach the database waits for other processes. */
  busyTimeoutMs: number;
  /** Keep the file from first use until closed (see DatabaseLeaseOptions.holdUntilClosed). */
  holdUntilClosed?: boolean;
  /** Stop waiting for the file once a server announces itself (see DatabaseLeaseOptions.yieldToServer). */
  yieldToServer?: boolean;
  /** The id under which this host records the writes it applies (one per LocalStore; see applied-writes.ts). */
  writer: string;
}

/** A request from the app thread. */
export type HostRequest =
  /** Runs a Store method on the database; with `wait` false, answers `reached: false` at once when the file is busy or damaged. */
  | { type: 'call'; id: number; method: HostMethod; input: unknown; wait: boolean }
  /**
   * One write, numbered: sequence numbers increase by one per write of this
   * writer. To a worker thread, a logBatch's metric points travel as
   * `packedMetrics` (its `metrics` then empty; see PackedMetrics). With
   * `origin`, the write is another writer's (a server's client) and is
   * applied once per that writer's sequence number instead of this one.
   */
  | { type: 'write'; sequence: number; operation: WriteOperation; packedMetrics?: PackedMetrics; origin?: ForeignOrigin }
  /** Moves spooled writes into the database if it is free (after every earlier request). */
  | { type: 'flush'; id: number }
  /** Releases the database for good (after every earlier request). */
  | { type: 'close'; id: number };

/** What the host sends back. */
export type HostReply =
  /** The host has loaded and listens. */
  | { type: 'ready' }
  /** A call, flush or close ended; `reached` is false when a call that could not wait did not reach the database. */
  | { type: 'result'; id: number; value: unknown; reached: boolean }
  /** A call, flush or close failed. */
  | { type: 'failed'; id: number; error: SerializedError }
  /** Every write up to and including `through` is durable: committed, or spooled (or failed, reported before). */
  | { type: 'written'; through: number }
  /** One span write had spans left out (LogSpansOperation.otherExperimentTraces), sent before the 'written' that covers it. */
  | { type: 'spans-rejected'; sequence: number; traces: RejectedTrace[] }
  /** One write could not be applied (a conflict, an unknown run): it is not stored, and its caller is told. */
  | { type: 'write-failed'; sequence: number; error: SerializedError }
  /** A warning or error the host printed, for the app thread's console. */
  | { type: 'log'; level: 'warn' | 'error'; text: string };

/** What carries requests to a host and its replies back: a worker thread, or the app's own thread. */
export interface HostTransport {
  /** True once the host has loaded (its 'ready' reply came). */
  readonly ready: boolean;
  /** Resolves when the host is gone for good and holds no file (closed, stopped, or its thread exited). */
  readonly exited: Promise<void>;
  /** Sends one request; requests run in the order they are sent. */
  post(request: HostRequest): void;
  /** Whether the host keeps the process alive: only while the app waits for it. */
  keepAlive(keep: boolean): void;
  /** The highest sequence number up to which every write is durable, as the host last published it (even if its reply is still on the way). */
  durableThrough(): number;
  /**
   * Synchronously (from a process 'exit' handler): stops the host after the
   * transaction in progress, has it release the database file, and returns
   * durableThrough; gives up waiting after `timeoutMs` (the writes it was
   * applying then count as not durable; the thread stops in its own time).
   */
  stopSync(timeoutMs: number): number;
  /** After a close (the host answered it): lets the host's thread go (a worker waits, idle, for the next store). */
  closed(): Promise<void>;
}

/** Callbacks of a transport. */
export interface HostTransportEvents {
  /** A reply of the host. */
  onReply(reply: HostReply): void;
  /** The host's thread ended without being asked to (a crash, an uncaught error, a failed start). */
  onGone(error: Error): void;
  /** A request could not be sent (structured clone refused a value in it). */
  onUnsent(request: HostRequest, error: Error): void;
}

/** The shared memory of a worker host: its state (Int32, for Atomics.wait) and, at byte 8, durableThrough (BigInt64). */
export const CONTROL_BYTES = 16;

/** The host's states in the control block. */
export const HOST_STATE = { running: 0, stopping: 1, stopped: 2 } as const;

/** The control block's two cells. */
export function controlCells(buffer: SharedArrayBuffer): { state: Int32Array; durable: BigInt64Array } {
  return { state: new Int32Array(buffer, 0, 1), durable: new BigInt64Array(buffer, 8, 1) };
}

/** The message that stops a worker host at process exit (answered through the control block, not by a reply). */
export interface StopRequest {
  type: 'stop';
}

/** Makes a worker thread the host of a store (a thread hosts one store at a time, and the next once that one is closed). */
export interface InitRequest {
  type: 'init';
  /** The store it serves now. */
  options: StoreHostOptions;
}

/** What a worker thread gets at start. */
export interface StoreWorkerData {
  /** The control block (see controlCells), reset by the app thread before each store's init. */
  control: SharedArrayBuffer;
  /** The app thread's spool segment clock (see useSegmentClock). */
  segmentClock: SharedArrayBuffer;
}
