import { AssayError, type WriteOperation } from '@assay/core';
import type { DuckDbStore } from '../duckdb-store.js';
import type { RejectedTracesByWrite } from '../writes/apply-writes.js';
import { DatabaseLease } from './database-lease.js';
import { endRunsOfGoneProcesses } from './end-runs-of-gone-processes.js';
import { FORWARDED_METHOD_NAMES } from './leased-store.js';
import { Spool, writeOriginOf } from './spool.js';
import { serializeError } from './serialized-error.js';
import type { HostReply, HostRequest, StoreHostOptions } from './store-protocol.js';

/** Rows one transaction takes at most (span rows, metric points, ...): one DuckDB row group. */
export const MAX_ROWS_PER_COMMIT = 122_880;

/**
 * Commits never checkpoint (DuckDB's `checkpoint_threshold` is set this
 * high): the host checkpoints when idle instead (IDLE_CHECKPOINT_WAL_BYTES),
 * and closing the file (lease released) checkpoints too.
 */
export const CHECKPOINT_THRESHOLD = '1GB';

/** An idle host checkpoints once the WAL has grown this large (DuckDB's own default threshold). */
export const IDLE_CHECKPOINT_WAL_BYTES = 16 * 1024 * 1024;

/** How long the host must have had nothing to do before it checks the WAL. */
const IDLE_CHECK_MS = 200;

const CALLABLE = new Set<string>([...FORWARDED_METHOD_NAMES, 'getExperiment', 'getExperimentByName']);

type WriteRequest = Extract<HostRequest, { type: 'write' }>;

/** The Store contract's reads, by their names (`sql` runs read-only); every other method it calls may write. */
const READ_METHOD = /^(?:get|search|list|read|export|sql$)/u;

/** What a StoreHost tells the code that runs it, beside its replies. */
export interface StoreHostEvents {
  /** durableThrough moved (told before the reply is sent), e.g. to publish it in shared memory. */
  onDurable?: (through: number) => void;
  /** The store was closed (after the reply): nothing more will come, the thread may end. */
  onClosed?: () => void;
}

/** What the host does next: a group of writes in one transaction, one other request, or an idle checkpoint. */
type Step = { kind: 'writes'; writes: WriteRequest[] } | { kind: 'request'; request: Exclude<HostRequest, WriteRequest> } | { kind: 'checkpoint' };

/**
 * Characters of packed span rows one transaction takes at most: a group of
 * chat spans (~2,700 characters each) reaches it long before
 * MAX_ROWS_PER_COMMIT, which would otherwise hold ~330 MB of text in the
 * store's thread until the commit.
 */
export const MAX_CHARACTERS_PER_COMMIT = 16_000_000;

/** The rows an operation adds, as far as a transaction's size goes. */
function rowsOf(operation: WriteOperation): number {
  switch (operation.op) {
    case 'logSpans':
      return operation.spans.length + (operation.packed?.count ?? 0);
    case 'logBatch':
      return operation.metrics.length + operation.params.length + operation.tags.length;
    case 'logEvaluationRows':
      return operation.rows.length;
    default:
      return 1;
  }
}

/** The characters of packed text an operation carries. */
function charactersOf(operation: WriteOperation): number {
  return operation.op === 'logSpans' ? (operation.packed?.rows.length ?? 0) : 0;
}

/**
 * The database side of a LocalStore: owns the DatabaseLease (so the DuckDB
 * file, the spool and the hand-over to other processes) and runs the app's
 * requests in the order they came. Writes that piled up while a transaction
 * ran are applied together in the next one (group commit), up to
 * MAX_ROWS_PER_COMMIT rows and MAX_CHARACTERS_PER_COMMIT characters of packed
 * spans; each carries its writer's sequence number, the
 * transaction records the highest one (see applied-writes.ts), and once it is
 * committed (or spooled) one 'written' reply acknowledges them all. It runs
 * in a worker thread (store-worker.ts), or on the app's thread in inline mode.
 */
export class StoreHost {
  private readonly lease: DatabaseLease;
  private readonly writer: string;
  private queue: (HostRequest | undefined)[] = [];
  private head = 0;
  private current: Promise<void> | undefined;
  private durable = 0;
  private stopped = false;
  private wroteSinceCheck = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    options: StoreHostOptions,
    private readonly send: (reply: HostReply) => void,
    private readonly events: StoreHostEvents = {},
  ) {
    this.writer = options.writer;
    let checkedRuns = false;
    this.lease = new DatabaseLease({
      databasePath: options.databasePath,
      artifactRoot: options.artifactRoot,
      spool: new Spool(options.spoolDirectory),
      waitingDirectory: options.waitingDirectory,
      lingerMs: options.lingerMs,
      maxHoldMs: options.maxHoldMs,
      busyTimeoutMs: options.busyTimeoutMs,
      ...(options.holdUntilClosed !== undefined ? { holdUntilClosed: options.holdUntilClosed } : {}),
      ...(options.yieldToServer !== undefined ? { yieldToServer: options.yieldToServer } : {}),
      checkpointThreshold: CHECKPOINT_THRESHOLD,
      // Once per host: the first time it has the database (see endRunsOfGoneProcesses).
      afterOpen: async (database: DuckDbStore) => {
        if (checkedRuns) return;
        checkedRuns = true;
        await endRunsOfGoneProcesses({ database });
      },
    });
  }

  /** Every write with a sequence number up to this one is durable (or failed, and its caller was told). */
  get durableThrough(): number {
    return this.durable;
  }

  /** Takes a request; it runs after every request taken before it. Ignored once stopped. */
  receive(request: HostRequest): void {
    if (this.stopped) return;
    this.queue.push(request);
    this.pump();
  }

  /**
   * Stops for good: the step in progress finishes (a wait for the file gives
   * up at once), requests not started are dropped. Resolves with
   * durableThrough once nothing runs; the file is still held (releaseSync).
   */
  async stop(): Promise<number> {
    this.stopped = true;
    this.clearIdleTimer();
    this.queue = [];
    this.head = 0;
    // At once, so that a read waiting for another process's file gives up now rather than after busyTimeoutMs.
    const leaseStopped = this.lease.stop();
    await this.current?.catch(() => undefined);
    await leaseStopped;
    return this.durable;
  }

  /** Releases the database file at once; with a step in progress, its transaction is abandoned (inline mode at process exit). */
  releaseSync(): void {
    this.stopped = true;
    void this.lease.stop();
    this.clearIdleTimer();
    this.lease.releaseSync();
  }

  private pump(): void {
    if (this.current || this.stopped) return;
    const step = this.nextStep();
    if (!step) {
      this.scheduleIdleCheck();
      return;
    }
    this.clearIdleTimer();
    this.current = this.run(step).finally(() => {
      this.current = undefined;
      this.pump();
    });
  }

  /** Nothing waits in the queue and the host is not stopping. */
  private idle(): boolean {
    return !this.stopped && this.queue[this.head] === undefined;
  }

  private nextStep(): Step | undefined {
    const first = this.queue[this.head];
    if (!first) {
      this.queue = [];
      this.head = 0;
      return undefined;
    }
    this.take();
    if (first.type !== 'write') return { kind: 'request', request: first };
    const writes = [first];
    let rows = rowsOf(first.operation);
    let characters = charactersOf(first.operation);
    for (let next = this.queue[this.head]; next?.type === 'write'; next = this.queue[this.head]) {
      const more = rowsOf(next.operation);
      const moreCharacters = charactersOf(next.operation);
      if (rows + more > MAX_ROWS_PER_COMMIT || characters + moreCharacters > MAX_CHARACTERS_PER_COMMIT) break;
      writes.push(next);
      rows += more;
      characters += moreCharacters;
      this.take();
    }
    return { kind: 'writes', writes };
  }

  /**
   * Moves past the head request. The queue rarely empties under a steady
   * load, so a taken request is let go at once (keeping them until the queue
   * emptied kept every batch written under load alive), and the array is cut
   * down now and then.
   */
  private take(): void {
    this.queue[this.head] = undefined;
    this.head += 1;
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Runs one step; never rejects (failures are replies). */
  private async run(step: Step): Promise<void> {
    if (step.kind === 'writes') {
      this.wroteSinceCheck = true;
      await this.commit(step.writes);
    } else if (step.kind === 'checkpoint') {
      await this.lease.checkpointIfLarge(IDLE_CHECKPOINT_WAL_BYTES).catch((error: unknown) => {
        console.warn(`[assay] could not checkpoint the store: ${String(error)}`);
      });
      // Only while nothing waits, here or in other processes (checked before each table): a table's
      // sort cannot be cut short, and requests and other processes wait for it. Measured on 100,000
      // runs (2-core machine, load ~2): params or latest_metrics (1,000,000 rows each) ~1.0-1.5 s,
      // tags (200,000) ~0.25 s, all three ~2.5-3 s, then a ~70 ms checkpoint. A table is sorted
      // again only once its unsorted rows reach 20% of it (needsSort), so the cost is spread over
      // the writes that made it due.
      if (this.idle()) {
        const stopped = await this.lease.sortTablesIfDue(() => !this.idle()).catch((error: unknown) => {
          console.warn(`[assay] could not re-sort the store's key/value tables: ${String(error)}`);
          return false;
        });
        // Cut short for a request: the next idle moment goes on, even if no write comes before it.
        if (stopped) this.wroteSinceCheck = true;
      }
    } else {
      await this.answer(step.request);
    }
  }

  /**
   * Applies writes in one transaction (or spools them); if one of them is
   * refused, the transaction is rolled back and they are applied one by one,
   * so that only the refused one fails.
   */
  private async commit(writes: readonly WriteRequest[]): Promise<void> {
    let rejected: RejectedTracesByWrite;
    try {
      rejected = await this.lease.write(
        writes.map((write) => write.operation),
        writeOriginOf(this.writer, writes),
      );
    } catch (error) {
      // Stopping (the process exits): not durable, and not refused either; the app spools them.
      if (this.stopped) return;
      if (writes.length === 1) {
        this.send({ type: 'write-failed', sequence: writes[0]!.sequence, error: serializeError(error) });
        this.acknowledge(writes[0]!.sequence);
        return;
      }
      for (const write of writes) {
        if (this.stopped) return;
        await this.commit([write]);
      }
      return;
    }
    for (const write of writes) {
      const traces = rejected.get(write.operation);
      if (traces !== undefined) this.send({ type: 'spans-rejected', sequence: write.sequence, traces });
    }
    this.acknowledge(writes[writes.length - 1]!.sequence);
  }

  private acknowledge(through: number): void {
    this.durable = through;
    this.events.onDurable?.(through);
    this.send({ type: 'written', through });
  }

  private async answer(request: Exclude<HostRequest, WriteRequest>): Promise<void> {
    try {
      if (request.type === 'flush') {
        await this.lease.flush();
        this.send({ type: 'result', id: request.id, value: undefined, reached: true });
      } else if (request.type === 'close') {
        // Nothing comes after a close (the client refuses it): no idle checkpoint either.
        this.stopped = true;
        this.clearIdleTimer();
        await this.lease.close();
        this.send({ type: 'result', id: request.id, value: undefined, reached: true });
        this.events.onClosed?.();
      } else {
        const { method, input } = request;
        if (!CALLABLE.has(method)) throw new AssayError('INTERNAL_ERROR', `${String(method)} is not a method the store's database thread runs.`);
        const work = (database: DuckDbStore): Promise<unknown> => (database[method] as (input: unknown) => Promise<unknown>)(input);
        if (request.wait) {
          const value = await this.lease.withDatabase(work);
          // A write called by name (the registry's, a rename, a delete...) makes the next idle moment look at the store too.
          if (!READ_METHOD.test(method)) this.wroteSinceCheck = true;
          this.send({ type: 'result', id: request.id, value, reached: true });
        } else {
          const read = await this.lease.tryWithDatabase(work);
          this.send({ type: 'result', id: request.id, value: read?.value, reached: read !== undefined });
        }
      }
    } catch (error) {
      this.send({ type: 'failed', id: request.id, error: serializeError(error) });
    }
  }

  /** Once nothing has come for a moment after writes, checkpoints if the WAL is large (so that commits need not). */
  private scheduleIdleCheck(): void {
    if (!this.wroteSinceCheck || this.idleTimer || this.stopped) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.current || this.stopped) return;
      this.wroteSinceCheck = false;
      this.current = this.run({ kind: 'checkpoint' }).finally(() => {
        this.current = undefined;
        this.pump();
      });
    }, IDLE_CHECK_MS);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
