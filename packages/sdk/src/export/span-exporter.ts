import type { Span } from '@assay/core';
import type { RecordedSpan } from '../tracer/recorded-span.js';

/**
 * A finished span as the export pipeline holds it: core's `Span` (from an
 * application's OpenTelemetry provider), or a span of Assay's own tracer as
 * it was recorded, converted only when exported (so the converted objects
 * die young instead of aging in the queue).
 */
export type FinishedSpan = Span | RecordedSpan;

/** Finished spans of one experiment, written together. */
export interface SpanBatch {
  /** The experiment the spans' traces belong to. */
  readonly experimentId: string;
  readonly spans: readonly FinishedSpan[];
}

/**
 * Where Assay's export pipeline writes finished spans: Assay's stores, a
 * test's memory, any backend. The counterpart of OpenTelemetry's
 * `SpanExporter` for Assay's span model: the span processor decides what is
 * exported and when (a bounded queue, batches, retries), the exporter only
 * writes. Convert a batch with `encodeSpanBatch` (for `Store.logSpans`) or
 * `decodeSpanBatch` (whole `Span` objects).
 */
export interface AssaySpanExporter {
  /** Writes one batch. Rejecting has the batch retried with backoff; it must not throw synchronously. */
  export(batch: SpanBatch): Promise<void>;
  /**
   * At process exit, when nothing asynchronous runs any more: keeps the batch
   * durably if this exporter can (a local store spools it for the next
   * process) and returns true, else returns false and the spans are reported
   * as lost.
   */
  exportSync?(batch: SpanBatch): boolean;
}

/** A trace's exporter and experiment, resolved once per trace when its first span starts. */
export interface TraceDestination {
  exporter: AssaySpanExporter;
  experimentId: string;
}
