import type { LogSpansInput, Span, SpanEncoding } from '@assay/core';
import { RecordedSpan } from './recorded-span.js';
import { completeSpanAttributes, recordedSpanToAssaySpan, recordedSpanToEncodedSpan } from './to-assay-span.js';

/** What the export queue has done since it was created. */
export interface ExportStats {
  /** Spans written to a store. */
  exported: number;
  /** Spans discarded because the queue was full (the oldest go first). */
  dropped: number;
  /** Spans given up on: their destination could not be resolved, or every retry failed. */
  failed: number;
  /** Spans waiting to be written. */
  queued: number;
}

/** Where a trace's spans are written. */
export interface SpanSink {
  /** Stores spans of one experiment (Store.logSpans). */
  logSpans(input: LogSpansInput): Promise<void>;
  /**
   * True when `logSpans` takes `encodings` and reads the JSON-text keys a
   * span leaves out from them (Assay's stores do). Other sinks get whole
   * spans: the queue decodes those keys for them.
   */
  readonly acceptsSpanEncodings?: boolean;
}

/** A store (or any sink) and the experiment a trace belongs to. */
export interface TraceDestination {
  sink: SpanSink;
  experimentId: string;
}

/** A finished span waiting for export, with the destination of its trace. */
export interface QueuedSpan {
  /** Core's span, or a span of Assay's tracer, converted when it is exported (converted objects then die young). */
  span: Span | RecordedSpan;
  /** The span's encoded attribute values, when its producer had them. */
  encoding: SpanEncoding | undefined;
  destination: Promise<TraceDestination>;
  /** Failed export attempts so far. */
  attempts: number;
}

/** Options of the export queue. */
export interface SpanExportQueueOptions {
  /** Spans kept at most; when full the oldest are dropped. Default 100,000. */
  maxQueueSize?: number;
  /** Spans per `logSpans` call at most; a full batch triggers an export. Default 20,000 (a store write has a fixed cost of several statements and a commit, so larger batches store faster). */
  maxBatchSize?: number;
  /** Milliseconds between timed exports. Default 500. */
  flushIntervalMs?: number;
  /** First retry delay after a failed export, doubled per consecutive failure (up to 30 s). Default 1,000. */
  retryDelayMs?: number;
  /** Export attempts per span before it is given up (counted as failed). Default 5. */
  maxAttempts?: number;
  /** Runs one export call; where tracing of the export itself is suppressed. Default: calls the sink. */
  write?: (sink: SpanSink, input: LogSpansInput) => Promise<void>;
}

const MAX_RETRY_DELAY_MS = 30_000;

/**
 * One logSpans call's input: with the encodings for a sink that accepts
 * them, else with every span's attributes whole.
 */
function toLogSpansInput(sink: SpanSink, experimentId: string, items: readonly QueuedSpan[]): LogSpansInput {
  const spans = new Array<Span>(items.length);
  if (sink.acceptsSpanEncodings !== true) {
    for (let index = 0; index < items.length; index += 1) spans[index] = completeQueuedSpan(items[index]!);
    return { experimentId, spans };
  }
  let encodings: (SpanEncoding | undefined)[] | undefined;
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index]!;
    spans[index] = encodeQueuedSpan(item);
    if (item.encoding !== undefined) (encodings ??= new Array<SpanEncoding | undefined>(items.length))[index] = item.encoding;
  }
  return encodings === undefined ? { experimentId, spans } : { experimentId, spans, encodings };
}

/** The queued span as core's `Span` with its encoding, converting a span of Assay's tracer (once). */
function encodeQueuedSpan(item: QueuedSpan): Span {
  if (item.span instanceof RecordedSpan) {
    const { span, encoding } = recordedSpanToEncodedSpan(item.span);
    item.span = span;
    item.encoding = encoding;
  }
  return item.span;
}

/** The queued span as a whole core `Span` (attributes decoded), which it then stays. */
function completeQueuedSpan(item: QueuedSpan): Span {
  if (item.span instanceof RecordedSpan) {
    item.span = recordedSpanToAssaySpan(item.span);
  } else if (item.encoding !== undefined) {
    completeSpanAttributes(item.span, item.encoding);
  }
  item.encoding = undefined;
  return item.span;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  private readonly write: NonNullable<SpanExportQueueOptions['write']>;
  // A deque: items before `head` are consumed; compacted as it grows.
  private items: QueuedSpan[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private scheduledPass: Promise<void> | undefined;
  private consecutiveFailures = 0;
  private closed = false;
  private readonly stats = { exported: 0, dropped: 0, failed: 0 };
  // Destinations already resolved, readable synchronously when the process exits.
  private readonly resolvedDestinations = new WeakMap<Promise<TraceDestination>, TraceDestination>();
  private lastWatched: Promise<TraceDestination> | undefined;

  constructor(options: SpanExportQueueOptions = {}) {
    this.maxQueueSize = Math.max(1, options.maxQueueSize ?? 100_000);
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 20_000);
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.write = options.write ?? ((sink, input) => sink.logSpans(input));
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

  /** Queues a finished span (core's, with its encoding if known, or one of Assay's tracer); ignored after `shutdown()`. */
  enqueue(span: Span | RecordedSpan, destination: Promise<TraceDestination>, encoding?: SpanEncoding): void {
    if (this.closed) return;
    this.watchDestination(destination);
    this.items.push({ span, encoding, destination, attempts: 0 });
    this.dropOverflow();
    if (this.size >= this.maxBatchSize && this.consecutiveFailures === 0) {
      void this.requestPass();
    } else {
      this.scheduleTimer();
    }
  }

  /**
   * Takes every queued span whose destination is known, grouped by sink and
   * experiment, for a synchronous write when the process exits (nothing
   * asynchronous runs then). Spans whose destination was still being
   * resolved are counted as failed.
   */
  drainSync(): { sink: SpanSink; experimentId: string; spans: Span[] }[] {
    const groups = new Map<SpanSink, Map<string, Span[]>>();
    // The spool keeps whole spans only: the encodings are an optimisation of live writes.
    for (const item of this.take(this.size)) {
      const destination = this.resolvedDestinations.get(item.destination);
      if (!destination) {
        this.stats.failed += 1;
        continue;
      }
      let bySink = groups.get(destination.sink);
      if (!bySink) groups.set(destination.sink, (bySink = new Map()));
      let spans = bySink.get(destination.experimentId);
      if (!spans) bySink.set(destination.experimentId, (spans = []));
      spans.push(completeQueuedSpan(item));
    }
    return [...groups].flatMap(([sink, byExperiment]) => [...byExperiment].map(([experimentId, spans]) => ({ sink, experimentId, spans })));
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
    const pass = this.chain.then(() => {
      this.scheduledPass = undefined;
      return this.exportQueued();
    });
    this.scheduledPass = pass;
    this.chain = pass;
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
      const retry = await this.exportBatch(batch);
      if (retry.length > 0) {
        this.putBack(retry);
        break;
      }
    }
    this.scheduleTimer();
  }

  /** Writes one batch grouped by destination; returns the spans to retry. */
  private async exportBatch(batch: QueuedSpan[]): Promise<QueuedSpan[]> {
    const groups = new Map<SpanSink, Map<string, QueuedSpan[]>>();
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
    for (const item of batch) {
      const destination = this.resolvedDestinations.get(item.destination);
      if (destination === undefined) {
        this.stats.failed += 1;
        unresolved ??= rejected.get(item.destination);
        continue;
      }
      const { sink, experimentId } = destination;
      let bySink = groups.get(sink);
      if (!bySink) groups.set(sink, (bySink = new Map()));
      let group = bySink.get(experimentId);
      if (!group) bySink.set(experimentId, (group = []));
      group.push(item);
    }
    if (unresolved !== undefined) this.warn('could not resolve where to store some traces; their spans are dropped', unresolved);
    const retry: QueuedSpan[] = [];
    let failure: unknown;
    for (const [sink, byExperiment] of groups) {
      for (const [experimentId, items] of byExperiment) {
        try {
          await this.write(sink, toLogSpansInput(sink, experimentId, items));
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
