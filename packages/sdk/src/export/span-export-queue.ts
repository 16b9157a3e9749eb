import { Mutex, PackedSpanRowsBuilder, concatPackedSpanRows, errorMessage, splitPackedSpanRows, type PackedSpanRows } from '@assay/core';
import { withTracingSuppressed } from '../tracer/suppress-tracing.js';
import { packFinishedSpan } from './pack-finished-span.js';
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

/**
 * Queued spans of one destination, as packed rows in the order they
 * finished. The queue is a list of segments, oldest first: a span joins its
 * destination's newest segment while that one is still open (it closes when
 * full or taken for export), so the queue holds a few long strings per batch,
 * not an object per span.
 */
interface Segment {
  /** The destination of the segment's traces (one promise per destination once they are resolved). */
  destination: Promise<TraceDestination>;
  rows: PackedSpanRowsBuilder;
  /** Failed export attempts so far. */
  attempts: number;
}

/** Options of the export queue. */
export interface SpanExportQueueOptions {
  /** Spans kept at most; when full the oldest are dropped. Default 100,000. */
  maxQueueSize?: number;
  /** Spans per export call at most; a full batch triggers an export. Default 20,000 (a store write has a fixed cost of several statements and a commit, so larger batches store faster). */
  maxBatchSize?: number;
  /**
   * Characters of packed rows per export call at most (a batch is one
   * string, see PackedSpanRows); a full batch triggers an export. Bounds the
   * memory a batch of large spans takes: default 8,000,000 (≈ 20,000 small
   * spans, ≈ 3,000 chat spans with their messages).
   */
  maxBatchCharacters?: number;
  /** Milliseconds between timed exports. Default 500. */
  flushIntervalMs?: number;
  /** First retry delay after a failed export, doubled per consecutive failure (up to 30 s). Default 1,000. */
  retryDelayMs?: number;
  /** Export attempts per span before it is given up (counted as failed). Default 5. */
  maxAttempts?: number;
}

const MAX_RETRY_DELAY_MS = 30_000;

// Stands where a consumed segment was at the front of the queue, so that the segment's rows can be collected.
const CONSUMED: Segment = Object.freeze({ destination: Promise.resolve() as unknown as Promise<TraceDestination>, rows: new PackedSpanRowsBuilder(), attempts: 0 });

/** Queued segments of one exporter and experiment, in queue order. */
interface DestinationGroup {
  exporter: AssaySpanExporter;
  experimentId: string;
  segments: Segment[];
  count: number;
}

/** Segments grouped by exporter, then experiment, in queue order; segments without a destination are left out. */
function groupByDestination(segments: readonly Segment[], destinationOf: (segment: Segment) => TraceDestination | undefined): DestinationGroup[] {
  const byExporter = new Map<AssaySpanExporter, Map<string, DestinationGroup>>();
  const groups: DestinationGroup[] = [];
  for (const segment of segments) {
    if (segment.rows.count === 0) continue;
    const destination = destinationOf(segment);
    if (destination === undefined) continue;
    let byExperiment = byExporter.get(destination.exporter);
    if (!byExperiment) byExporter.set(destination.exporter, (byExperiment = new Map()));
    let group = byExperiment.get(destination.experimentId);
    if (!group) {
      group = { exporter: destination.exporter, experimentId: destination.experimentId, segments: [], count: 0 };
      byExperiment.set(destination.experimentId, group);
      groups.push(group);
    }
    group.segments.push(segment);
    group.count += segment.rows.count;
  }
  return groups;
}

/** The rows of a group's segments as one batch. */
function groupRows(group: DestinationGroup): PackedSpanRows {
  return concatPackedSpanRows(group.segments.map((segment) => segment.rows.build()));
}

function builderOf(rows: PackedSpanRows): PackedSpanRowsBuilder {
  const builder = new PackedSpanRowsBuilder();
  builder.appendRows(rows);
  return builder;
}

/**
 * A bounded queue of finished spans, packed into rows as they are queued
 * (see PackedSpanRows) and written in batches grouped by destination: on a
 * timer that never keeps the process alive, when a batch is full, and on
 * `flush()`. Export errors are reported once per streak of failures with
 * console.warn and retried with backoff; nothing is thrown.
 */
export class SpanExportQueue {
  private readonly maxQueueSize: number;
  private readonly maxBatchSize: number;
  private readonly maxBatchCharacters: number;
  private readonly flushIntervalMs: number;
  private readonly retryDelayMs: number;
  private readonly maxAttempts: number;
  // A deque of segments: those before `head` are consumed; compacted as it grows.
  private segments: Segment[] = [];
  private head = 0;
  private queued = 0;
  // Characters of the queued rows (approximately: separators between segments aside).
  private queuedCharacters = 0;
  // The segment each destination's next span joins, while it is open.
  private readonly openSegments = new Map<Promise<TraceDestination>, Segment>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  // One export pass at a time, in order.
  private readonly passes = new Mutex();
  private scheduledPass: Promise<void> | undefined;
  private consecutiveFailures = 0;
  private closed = false;
  private readonly stats = { exported: 0, dropped: 0, failed: 0 };
  // Destinations already resolved, readable synchronously when the process exits.
  private readonly resolvedDestinations = new WeakMap<Promise<TraceDestination>, TraceDestination>();
  // Promises that resolved to the same exporter and experiment share one segment key: traces in a run each have their own promise.
  private readonly sameDestination = new WeakMap<Promise<TraceDestination>, Promise<TraceDestination>>();
  private readonly destinationKeys = new WeakMap<AssaySpanExporter, Map<string, Promise<TraceDestination>>>();
  private lastWatched: Promise<TraceDestination> | undefined;
  // The batch being exported: if the process exits meanwhile, its outcome is
  // unknown, so it is saved again (storing a span twice replaces it).
  private inFlight: Segment[] | undefined;

  constructor(options: SpanExportQueueOptions = {}) {
    this.maxQueueSize = Math.max(1, options.maxQueueSize ?? 100_000);
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 20_000);
    this.maxBatchCharacters = Math.max(1, options.maxBatchCharacters ?? 8_000_000);
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  }

  /** Spans waiting for export. */
  get size(): number {
    return this.queued;
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
      (value) => this.noteResolved(destination, value),
      () => undefined,
    );
  }

  /** Packs a finished span into its destination's rows; ignored after `shutdown()`. Throws only when the span cannot be packed. */
  enqueue(span: FinishedSpan, destination: Promise<TraceDestination>): void {
    if (this.closed) return;
    this.watchDestination(destination);
    const row = packFinishedSpan(span);
    const key = this.sameDestination.get(destination) ?? destination;
    let segment = this.openSegments.get(key);
    if (segment === undefined) {
      segment = { destination: key, rows: new PackedSpanRowsBuilder(), attempts: 0 };
      this.openSegments.set(key, segment);
      this.segments.push(segment);
    }
    const before = segment.rows.characters;
    segment.rows.appendRow(row);
    this.queued += 1;
    this.queuedCharacters += segment.rows.characters - before;
    if (segment.rows.count >= this.maxBatchSize || segment.rows.characters >= this.maxBatchCharacters) this.close(segment);
    this.dropOverflow();
    if ((this.size >= this.maxBatchSize || this.queuedCharacters >= this.maxBatchCharacters) && this.consecutiveFailures === 0) {
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
    const segments = this.inFlight === undefined ? this.take(this.size) : [...this.inFlight, ...this.take(this.size)];
    this.inFlight = undefined;
    const groups = groupByDestination(segments, (segment) => {
      const destination = this.resolvedDestinations.get(segment.destination) ?? resolveSync(segment.destination);
      if (destination === undefined) unresolved += segment.rows.count;
      return destination;
    });
    const batches = groups.map((group) => ({ exporter: group.exporter, batch: { experimentId: group.experimentId, rows: groupRows(group) } }));
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

  private noteResolved(destination: Promise<TraceDestination>, value: TraceDestination): void {
    this.resolvedDestinations.set(destination, value);
    let keys = this.destinationKeys.get(value.exporter);
    if (keys === undefined) this.destinationKeys.set(value.exporter, (keys = new Map()));
    const key = keys.get(value.experimentId);
    if (key === undefined) keys.set(value.experimentId, destination);
    else if (key !== destination) this.sameDestination.set(destination, key);
  }

  /** Stops a segment from taking more spans (it is full, or leaves the queue). */
  private close(segment: Segment): void {
    if (this.openSegments.get(segment.destination) === segment) this.openSegments.delete(segment.destination);
  }

  private dropOverflow(): void {
    let overflow = this.size - this.maxQueueSize;
    while (overflow > 0) {
      const segment = this.segments[this.head]!;
      const count = segment.rows.count;
      if (count <= overflow) {
        this.close(segment);
        this.segments[this.head] = CONSUMED;
        this.head += 1;
        this.queued -= count;
        this.queuedCharacters -= segment.rows.characters;
        this.stats.dropped += count;
        overflow -= count;
      } else {
        const before = segment.rows.characters;
        segment.rows = builderOf(splitPackedSpanRows(segment.rows.build(), overflow)[1]);
        this.queuedCharacters -= before - segment.rows.characters;
        this.queued -= overflow;
        this.stats.dropped += overflow;
        overflow = 0;
      }
    }
    this.compact();
  }

  /**
   * Takes up to `count` spans from the front of the queue, as segments (the
   * last one split if need be), and no more whole segments once their rows
   * reach `characters` (a single segment is taken whatever its size).
   */
  private take(count: number, characters = Number.POSITIVE_INFINITY): Segment[] {
    const taken: Segment[] = [];
    let remaining = count;
    let takenCharacters = 0;
    while (remaining > 0 && this.head < this.segments.length) {
      const segment = this.segments[this.head]!;
      const rows = segment.rows.count;
      if (taken.length > 0 && takenCharacters + segment.rows.characters > characters) break;
      if (rows <= remaining) {
        this.close(segment);
        this.segments[this.head] = CONSUMED;
        this.head += 1;
        remaining -= rows;
        this.queued -= rows;
        this.queuedCharacters -= segment.rows.characters;
        takenCharacters += segment.rows.characters;
        if (rows > 0) taken.push(segment);
      } else {
        const [first, rest] = splitPackedSpanRows(segment.rows.build(), remaining);
        const before = segment.rows.characters;
        taken.push({ destination: segment.destination, rows: builderOf(first), attempts: segment.attempts });
        segment.rows = builderOf(rest);
        this.queuedCharacters -= before - segment.rows.characters;
        this.queued -= remaining;
        remaining = 0;
      }
    }
    this.compact();
    return taken;
  }

  private compact(): void {
    if (this.head === this.segments.length) {
      this.segments = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.segments.length) {
      this.segments = this.segments.slice(this.head);
      this.head = 0;
    }
  }

  /** Puts segments back at the front, oldest first, dropping the oldest spans beyond capacity. */
  private putBack(batch: Segment[]): void {
    this.segments = [...batch, ...this.segments.slice(this.head)];
    this.head = 0;
    for (const segment of batch) {
      this.queued += segment.rows.count;
      this.queuedCharacters += segment.rows.characters;
    }
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
    // Node: the timer must not keep the process alive. Web runtimes' timers are numbers, with nothing to unref.
    (this.timer as { unref?: () => void }).unref?.();
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
      const batch = this.take(Math.min(remaining, this.maxBatchSize), this.maxBatchCharacters);
      if (batch.length === 0) break;
      for (const segment of batch) remaining -= segment.rows.count;
      this.inFlight = batch;
      let retry: Segment[];
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

  /** Writes one batch grouped by destination; returns the segments to retry. */
  private async exportBatch(batch: Segment[]): Promise<Segment[]> {
    // Spans of one trace share their destination promise, and most promises
    // resolved long before the export: wait only for those still pending.
    const pending = new Set<Promise<TraceDestination>>();
    for (const segment of batch) if (!this.resolvedDestinations.has(segment.destination)) pending.add(segment.destination);
    const rejected = new Map<Promise<TraceDestination>, unknown>();
    if (pending.size > 0) {
      const promises = [...pending];
      const settled = await Promise.allSettled(promises);
      settled.forEach((result, index) => {
        if (result.status === 'fulfilled') this.noteResolved(promises[index]!, result.value);
        else rejected.set(promises[index]!, result.reason);
      });
    }
    let unresolved: unknown;
    const groups = groupByDestination(batch, (segment) => {
      const destination = this.resolvedDestinations.get(segment.destination);
      if (destination === undefined) {
        this.stats.failed += segment.rows.count;
        unresolved ??= rejected.get(segment.destination);
      }
      return destination;
    });
    if (unresolved !== undefined) this.warn('could not resolve where to store some traces; their spans are dropped', unresolved);
    const retry: Segment[] = [];
    let failure: unknown;
    for (const group of groups) {
      const { exporter, experimentId, segments, count } = group;
      try {
        const rows = groupRows(group);
        // As OpenTelemetry's batch processor does: instrumented I/O of the export makes no spans of its own.
        await withTracingSuppressed(() => exporter.export({ experimentId, rows }));
        this.stats.exported += count;
      } catch (error) {
        failure ??= error;
        for (const segment of segments) {
          segment.attempts += 1;
          if (segment.attempts >= this.maxAttempts) this.stats.failed += segment.rows.count;
          else retry.push(segment);
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
