import type { TraceInfo } from '@assay/core';

/** Options of PendingTraceInfos. */
export interface PendingTraceInfosOptions {
  /** Most trace infos held at once; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** How long one is held without its spans, in milliseconds. Default one hour. */
  ttlMs?: number;
  /** The clock; default Date.now. */
  now?: () => number;
}

/**
 * Trace infos that arrived before their spans. MLflow's clients send a
 * trace's info first (StartTraceV3, or MLflow 2's start/end) and its spans
 * right after (traces.json through the artifact proxy); the Store keeps a
 * trace once it has spans, so the info waits here, in memory, until they
 * come. Bounded in size and time: an info whose spans never come is dropped.
 */
export class PendingTraceInfos {
  private readonly entries = new Map<string, { info: TraceInfo; expires: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: PendingTraceInfosOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  /** The info waiting for a trace's spans, if any. */
  get(traceId: string): TraceInfo | undefined {
    const entry = this.entries.get(traceId);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(traceId);
      return undefined;
    }
    return entry.info;
  }

  /** Holds (or replaces) a trace's info. */
  set(info: TraceInfo): void {
    this.entries.delete(info.traceId);
    this.entries.set(info.traceId, { info, expires: this.now() + this.ttlMs });
    for (const [traceId, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expires > this.now()) break;
      this.entries.delete(traceId);
    }
  }

  /** Forgets a trace's info (its spans are stored, or the trace is deleted). */
  delete(traceId: string): void {
    this.entries.delete(traceId);
  }
}
