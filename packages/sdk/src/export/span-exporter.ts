import type { PackedSpanRows, Span, SyncWriteOptions } from '@assay/core';
import type { RecordedSpan } from '../tracer/recorded-span.js';
import type { SdkReadableSpan } from './otel-sdk-span.js';

/**
 * A finished span as the export pipeline receives it: a span of Assay's own
 * tracer, a finished span of an application's OpenTelemetry SDK, or core's
 * `Span`. The queue packs it into a row when it is queued (see
 * PackedSpanRows), so no span object ages in the queue.
 */
export type FinishedSpan = Span | RecordedSpan | SdkReadableSpan;

/** Finished spans of one experiment, written together. */
export interface SpanBatch {
  /** The experiment the spans' traces belong to. */
  readonly experimentId: string;
  /** The spans as packed rows, in the order they finished (per trace destination). */
  readonly rows: PackedSpanRows;
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
   * as lost. `options` say how long a store may wait for its database (see SyncWriter).
   */
  exportSync?(batch: SpanBatch, options?: SyncWriteOptions): boolean;
}

/** A trace's exporter and experiment, resolved once per trace when its first span starts. */
export interface TraceDestination {
  exporter: AssaySpanExporter;
  experimentId: string;
}
