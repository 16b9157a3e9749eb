import { Mutex, errorMessage } from '@assay/core';
import { withTracingSuppressed } from '../tracer/suppress-tracing.js';
import type { AssaySpanExporter, FinishedSpan, SpanBatch, TraceDestination } from './span-exporter.js';

/** What the export queue has done since it was created. */
export interface ExportStats {
  /** Spans written by an exporter. */
  exported: number;
  /** Spans discarded because the queue was full (the oldest go first). */
  dropped: number;
  /** Spans given up on: their destination could not be resolved, every retry failed, or the process exited first. */
  failed: number;
  /** Spans waiting to be written. */
  queued: number;
}

/** A finished span waiting for export, with the destination of its trace. */
interface QueuedSpan {
  span: FinishedSpan;
  destination: Promise<TraceDestination>;
  /** Failed export attempts so far. */
  attempts: number;
}

/** Options of the export queue. */
export interface SpanExportQueueOptions {
  /** Spans kept at most; when full the oldest are dropped. Default 100,000. */
  maxQueueSize?: number;
  /** Spans per export call at most; a full batch triggers an export. Default 20,000 (a store write has a fixed cost of several statements and a commit, so larger batches store faster). */
  maxBatchSize?: number;
  /** Milliseconds between timed exports. Default 500. */
  flushIntervalMs?: number;
  /** First retry delay after a failed export, doubled per consecutive failure (up to 30 s). Default 1,000. */
  retryDelayMs?: number;
  /** Export attempts per span before it is given up (counted as failed). Default 5. */
  maxAttempts?: number;
}

const MAX_RETRY_DELAY_MS = 30_000;

/** Queued spans of one exporter and experiment, in queue order. */
interface DestinationGroup {
  exporter: AssaySpanExporter;
  experimentId: string;
  items: QueuedSpan[];
  spans: FinishedSpan[];
}

/** Spans grouped by exporter, then experiment, in queue order; spans without a destination are left out. */
function groupByDestination(items: readonly QueuedSpan[], destinationOf: (item: QueuedSpan) => TraceDestination | undefined): DestinationGroup[] {
  const byExporter = new Map<AssaySpanExporter, Map<string, DestinationGroup>>();
  const groups: DestinationGroup[] = [];
  for (const item of items) {
    const destination = destinationOf(item);
    if (destination === undefined) continue;
    let byExperiment = byExporter.get(destination.exporter);
    if (!byExperiment) byExporter.set(destination.exporter, (byExperiment = new Map()));
    let group = byExperiment.get(destination.experimentId);
    if (!group) {
      group = { exporter: destination.exporter, experimentId: destination.experimentId, items: [], spans: [] };
      byExperiment.set(destination.experimentId, group);
      groups.push(group);
    }
    group.items.push(item);
    group.spans.push(item.span);
  }
  return groups;
}

/**
 * A bounded queue of finished spans, written in batches grouped by
 * destination: on a timer that never keeps the process alive, when a batch
 * is full, and on `flush()`. Export errors are reported once per streak of
 * failures with console.warn and retried with backoff; nothing is thrown.
 */
export class SpanExportQueue {
  private readonly maxQueueSize: number;
  private readonly maxBatchSize: number;
  private readonly flushIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly maxAttempts: number;
  // A deque: items before `head` are consumed; compacted as it grows.
  private items: QueuedSpan[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  // One export pass at a time, in order.
  private readonly passes = new Mutex();
  private scheduledPass: Promise<void> | undefined;
  private consecutiveFailures = 0;
  private closed = false;
  private readonly stats = { exported: 0, dropped: 0, failed: 0 };
  // Destinations already resolved, readable synchronously when the process exits.
  private readonly resolvedDestinations = new WeakMap<Promise<TraceDestination>, TraceDestination>();
  private lastWatched: Promise<TraceDestination> | undefined;
  // The batch being exported: if the process exits meanwhile, its outcome is
  // unknown, so it is saved again (storing a span twice replaces it).
  private inFlight: QueuedSpan[] | undefined;

  constructor(options: SpanExportQueueOptions = {}) {
    this.maxQueueSize = Math.max(1, options.maxQueueSize ?? 100_000);
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 20_000);
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  }

  /** Spans waiting for export. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Counters since creation. */
  getStats(): ExportStats {
    return { ...this.stats, queued: this.size };
  }

  /**
   * Notes a trace's destination once it is resolved (a rejection is handled
   * here and reported when the trace's spans are exported). Called once per
   * trace when it opens; `enqueue` watches promises it was not shown.
   */
  watchDestination(destination: Promise<TraceDestination>): void {
    // Traces often share a destination: watch each promise once.
    if (destination === this.lastWatched || this.resolvedDestinations.has(destination)) return;
    this.lastWatched = destination;
    destination.then(
      (value) => this.resolvedDestinations.set(destination, value),
      () => undefined,
    );
  }

  /** Queues a finished span; ignored after `shutdown()`. */
  enqueue(span: FinishedSpan, destination: Promise<TraceDestination>): void {
    if (this.closed) return;
    this.watchDestination(destination);
    this.items.push({ span, destination, attempts: 0 });
    this.dropOverflow();
    if (this.size >= this.maxBatchSize && this.consecutiveFailures === 0) {
      void this.requestPass();
    } else {
      this.scheduleTimer();
    }
  }

  /**
   * Takes every queued span, grouped by destination, for a synchronous write
   * when the process exits (nothing asynchronous runs then). Spans whose
   * destination was still being resolved are given to `resolveSync`; those
   * it cannot place are counted in `unresolved`.
   */
  drainSync(
    resolveSync: (destination: Promise<TraceDestination>) => TraceDestination | undefined,
  ): { batches: { exporter: AssaySpanExporter; batch: SpanBatch }[]; unresolved: number } {
    let unresolved = 0;
    const items = this.inFlight === undefined ? this.take(this.size) : [...this.inFlight, ...this.take(this.size)];
    this.inFlight = undefined;
    const groups = groupByDestination(items, (item) => {
      const destination = this.resolvedDestinations.get(item.destination) ?? resolveSync(item.destination);
      if (destination === undefined) unresolved += 1;
      return destination;
    });
    const batches = groups.map(({ exporter, experimentId, spans }) => ({ exporter, batch: { experimentId, spans } }));
    return { batches, unresolved };
  }

  /** Counts spans given up on outside the queue (lost at exit). */
  countFailed(count: number): void {
    this.stats.failed += count;
  }

  /** Exports everything queued now (one attempt, even while backing off); never rejects. */
  flush(): Promise<void> {
    return this.requestPass();
  }

  /** Exports what is queued, then stops: later spans are ignored and the timer is cleared. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.requestPass();
    this.clearTimer();
  }

  private dropOverflow(): void {
    const overflow = this.size - this.maxQueueSize;
    if (overflow <= 0) return;
    this.head += overflow;
    this.stats.dropped += overflow;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  private take(count: number): QueuedSpan[] {
    const batch = this.items.slice(this.head, this.head + count);
    this.head += batch.length;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return batch;
  }

  /** Puts spans back at the front, oldest first, dropping the oldest beyond capacity. */
  private putBack(batch: QueuedSpan[]): void {
    this.items = [...batch, ...this.items.slice(this.head)];
    this.head = 0;
    this.dropOverflow();
  }

  // A pass queued behind the running one has not started yet, so it will see
  // every span enqueued until then: callers share it instead of piling up passes.
  private requestPass(): Promise<void> {
    if (this.scheduledPass) return this.scheduledPass;
    const pass = this.passes.runExclusive(() => {
      this.scheduledPass = undefined;
      return this.exportQueued();
    });
    this.scheduledPass = pass;
    return pass;
  }

  private scheduleTimer(delayMs: number = this.nextDelay()): void {
    if (this.timer !== undefined || this.closed || this.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.requestPass();
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private nextDelay(): number {
    if (this.consecutiveFailures === 0) return this.flushIntervalMs;
    return Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * 2 ** (this.consecutiveFailures - 1));
  }

  private async exportQueued(): Promise<void> {
    this.clearTimer();
    // Spans enqueued while this pass runs wait for the next one, so a steady
    // stream of spans cannot keep one pass going forever.
    let remaining = this.size;
    while (remaining > 0) {
      const batch = this.take(Math.min(remaining, this.maxBatchSize));
      remaining -= batch.length;
      this.inFlight = batch;
      let retry: QueuedSpan[];
      try {
        retry = await this.exportBatch(batch);
      } finally {
        this.inFlight = undefined;
      }
      if (retry.length > 0) {
        this.putBack(retry);
        break;
      }
    }
    this.scheduleTimer();
  }

  /** Writes one batch grouped by destination; returns the spans to retry. */
  private async exportBatch(batch: QueuedSpan[]): Promise<QueuedSpan[]> {
    // Spans of one trace share their destination promise, and most promises
    // resolved long before the export: wait only for those still pending.
    const pending = new Set<Promise<TraceDestination>>();
    for (const item of batch) if (!this.resolvedDestinations.has(item.destination)) pending.add(item.destination);
    const rejected = new Map<Promise<TraceDestination>, unknown>();
    if (pending.size > 0) {
      const promises = [...pending];
      const settled = await Promise.allSettled(promises);
      settled.forEach((result, index) => {
        if (result.status === 'fulfilled') this.resolvedDestinations.set(promises[index]!, result.value);
        else rejected.set(promises[index]!, result.reason);
      });
    }
    let unresolved: unknown;
    const groups = groupByDestination(batch, (item) => {
      const destination = this.resolvedDestinations.get(item.destination);
      if (destination === undefined) {
        this.stats.failed += 1;
        unresolved ??= rejected.get(item.destination);
      }
      return destination;
    });
    if (unresolved !== undefined) this.warn('could not resolve where to store some traces; their spans are dropped', unresolved);
    const retry: QueuedSpan[] = [];
    let failure: unknown;
    for (const { exporter, experimentId, items, spans } of groups) {
      try {
        // As OpenTelemetry's batch processor does: instrumented I/O of the export makes no spans of its own.
        await withTracingSuppressed(() => exporter.export({ experimentId, spans }));
        this.stats.exported += items.length;
      } catch (error) {
        failure ??= error;
        for (const item of items) {
          item.attempts += 1;
          if (item.attempts >= this.maxAttempts) this.stats.failed += 1;
          else retry.push(item);
        }
      }
    }
    if (failure === undefined) {
      this.consecutiveFailures = 0;
    } else {
      if (this.consecutiveFailures === 0) this.warn('could not export spans; retrying with backoff', failure);
      this.consecutiveFailures += 1;
    }
    return retry;
  }

  private warn(message: string, error: unknown): void {
    console.warn(`[assay] ${message}: ${errorMessage(error)}`);
  }
}
