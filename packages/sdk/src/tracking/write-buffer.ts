import { Mutex, errorMessage } from '@assay/core';
import type { LogBatchInput, Metric, Param, Store, Tag } from '@assay/core';

/** The metrics, params and tags one run has logged and not yet handed to its store. */
export class PendingWrites {
  /** Metric points in logging order; the run handle appends to it directly. */
  metrics: Metric[] = [];
  /** Params in logging order. */
  params: Param[] = [];
  /** Tags in logging order (the last value of a key wins when applied). */
  tags: Tag[] = [];
  /** Whether the buffer currently lists this run as having something to write. */
  listed = false;

  /** Buffers the writes of run `runId`, to be handed to `store`. */
  constructor(
    readonly runId: string,
    readonly store: Store,
  ) {}

  /** Number of entries waiting. */
  get size(): number {
    return this.metrics.length + this.params.length + this.tags.length;
  }

  /** Takes everything waiting, as one batch, leaving this empty. */
  take(): LogBatchInput | undefined {
    if (this.metrics.length === 0 && this.params.length === 0 && this.tags.length === 0) return undefined;
    const batch: LogBatchInput = { runId: this.runId, metrics: this.metrics, params: this.params, tags: this.tags };
    this.metrics = [];
    this.params = [];
    this.tags = [];
    return batch;
  }
}

/** A batch taken from the buffer whose write has not finished yet. */
export interface InFlightBatch {
  store: Store;
  batch: LogBatchInput;
}

/** A batch drainSync took: waiting in the buffer, or already handed to its store (`handedOver`) and not yet acknowledged. */
export interface DrainedBatch extends InFlightBatch {
  handedOver: boolean;
}

export interface WriteBufferOptions {
  /** Start a background flush when this many entries wait. Default 10,000. */
  maxEntries?: number;
  /** Flush what waits at least this often. Default 1,000 ms. */
  intervalMs?: number;
}

/**
 * An Assay instance's buffer between the synchronous logging calls and the
 * store. Writes are handed over one run at a time (order kept) by a single
 * chain of flushes, so at most one flush is in flight and each flush takes
 * everything that accumulated meanwhile: under load the batches grow, which
 * is what the store is fast at. Background flushes never reject: their first
 * error is kept, reported once with console.warn, and thrown by the next
 * `flush()`.
 */
export class WriteBuffer {
  /** Entries waiting in all runs. */
  size = 0;
  private readonly maxEntries: number;
  private readonly intervalMs: number;
  private readonly listed = new Set<PendingWrites>();
  private readonly inFlight = new Set<InFlightBatch>();
  // One flush at a time, in order.
  private readonly flushes = new Mutex();
  private timer: NodeJS.Timeout | undefined;
  private backgroundQueued = false;
  private keptError: { error: unknown } | undefined;

  constructor(options: WriteBufferOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.intervalMs = options.intervalMs ?? 1_000;
  }

  /** Records that `count` entries were just added to `pending`. The hot path: keep it small. */
  added(pending: PendingWrites, count: number): void {
    if (!pending.listed) {
      pending.listed = true;
      this.listed.add(pending);
    }
    this.size += count;
    if (this.size >= this.maxEntries) this.scheduleBackground(true);
    else if (this.timer === undefined) this.scheduleBackground(false);
  }

  private scheduleBackground(now: boolean): void {
    if (this.backgroundQueued) return;
    if (now) {
      this.backgroundQueued = true;
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      setImmediate(() => this.flushInBackground());
    } else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.backgroundQueued = true;
        this.flushInBackground();
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  private flushInBackground(): void {
    this.enqueue(() => {
      this.backgroundQueued = false;
      return this.writeAll();
    }).catch((error: unknown) => this.keep(error));
  }

  private keep(error: unknown): void {
    if (this.keptError) return;
    this.keptError = { error };
    console.warn(
      `[assay] buffered metrics/params/tags could not be written: ${errorMessage(error)} ` +
        '(the error is thrown again by the next flush() or run.end())',
    );
  }

  /** Throws, once, the first error of a background flush. */
  throwKeptError(): void {
    const kept = this.keptError;
    if (!kept) return;
    this.keptError = undefined;
    throw kept.error;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    return this.flushes.runExclusive(work);
  }

  private async write(pending: PendingWrites): Promise<void> {
    this.listed.delete(pending);
    pending.listed = false;
    const batch = pending.take();
    if (!batch) return;
    this.size -= batch.metrics!.length + batch.params!.length + batch.tags!.length;
    const entry: InFlightBatch = { store: pending.store, batch };
    this.inFlight.add(entry);
    try {
      await pending.store.logBatch(batch);
    } finally {
      this.inFlight.delete(entry);
    }
  }

  /** One pass over the runs listed now (a pass that chased new writes could never end under steady logging). */
  private async writeAll(): Promise<void> {
    let firstError: { error: unknown } | undefined;
    for (const pending of [...this.listed]) {
      try {
        await this.write(pending);
      } catch (error) {
        firstError ??= { error };
      }
    }
    if (firstError) throw firstError.error;
  }

  /** Writes everything buffered; rejects with the first error of this flush or of an earlier background one. */
  async flush(): Promise<void> {
    await this.enqueue(() => this.writeAll());
    this.throwKeptError();
  }

  /** Writes everything buffered and never rejects: errors are kept for the next `flush()` (so reads can see this process's writes first). */
  flushQuietly(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return this.enqueue(() => this.writeAll()).catch((error: unknown) => this.keep(error));
  }

  /** Writes one run's buffered entries, after every flush already under way. */
  flushRun(pending: PendingWrites): Promise<void> {
    return this.enqueue(() => this.write(pending));
  }

  /**
   * Takes everything not yet acknowledged by a store, synchronously: the
   * waiting entries and the batches whose write is still under way (their
   * outcome is unknown when the process exits, so they are included).
   */
  drainSync(): DrainedBatch[] {
    const batches: DrainedBatch[] = [...this.inFlight].map((entry) => ({ ...entry, handedOver: true }));
    this.inFlight.clear();
    for (const pending of this.listed) {
      pending.listed = false;
      const batch = pending.take();
      if (batch) batches.push({ store: pending.store, batch, handedOver: false });
    }
    this.listed.clear();
    this.size = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return batches;
  }

  /** True when nothing waits and no write is under way. */
  get idle(): boolean {
    return this.listed.size === 0 && this.inFlight.size === 0;
  }

  /** Drops everything and forgets errors (tests only). */
  reset(): void {
    this.drainSync();
    this.keptError = undefined;
    this.backgroundQueued = false;
  }
}

