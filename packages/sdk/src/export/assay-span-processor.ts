import { ASSAY_ATTRIBUTES, errorMessage, type SyncWriteOptions } from '@assay/core';
import type { Context } from '@opentelemetry/api';
import type { RecordedSpanProcessor } from '../tracer/assay-tracer.js';
import { openTelemetry } from '../tracer/otel-api.js';
import { RecordedSpan } from '../tracer/recorded-span.js';
import type { ActiveRun } from '../tracking/run-handle.js';
import type { SdkReadableSpan, SdkStartedSpan } from './otel-sdk-span.js';
import { SpanExportQueue, type ExportStats, type SpanExportQueueOptions } from './span-export-queue.js';
import type { AssaySpanExporter, SpanBatch, TraceDestination } from './span-exporter.js';
import { toAssayTraceId } from './to-assay-span.js';

/** What is known about a trace when its first span here starts. */
export interface TraceOrigin {
  /** The run active where that span started. */
  run: ActiveRun | undefined;
}

/** Options of Assay's span processor. */
export interface AssaySpanProcessorOptions extends SpanExportQueueOptions {
  /** Where a trace goes, asked once per trace when its first span here starts. */
  resolveDestination: (origin: TraceOrigin) => Promise<TraceDestination>;
  /**
   * Where a trace goes, without waiting: at process exit, for traces whose
   * destination was still being resolved (the store still loading). Undefined
   * when that cannot be known synchronously.
   */
  resolveDestinationSync?: (origin: TraceOrigin) => TraceDestination | undefined;
  /** The run active in the caller's async context: a trace started inside it is linked to it. */
  activeRun?: () => ActiveRun | undefined;
  /** Told the id (`tr-…`) of each trace whose root span here ends. */
  onTraceEnd?: (traceId: string) => void;
  /** Told when the processor has shut down. */
  onShutdown?: (processor: AssaySpanProcessor) => void;
}

/** A trace with spans open here, and where it goes. */
interface OpenTrace {
  readonly processor: AssaySpanProcessor;
  readonly destination: Promise<TraceDestination>;
  openSpans: number;
}

/** What the processor keeps of a started span of OpenTelemetry's SDK. */
interface TrackedSpan {
  trace: OpenTrace;
  /** The span roots the trace here: it has no parent, or a parent that is not one of this processor's spans. */
  isRoot: boolean;
}

function warn(message: string, error: unknown): void {
  console.warn(`[assay] ${message}: ${errorMessage(error)}`);
}

/**
 * Assay's OpenTelemetry span processor: it links traces that start inside an
 * active run to that run, remembers each trace's destination, and queues each
 * finished span for export in batches by a bounded queue. It serves Assay's
 * own tracer (`onRecordedSpanStart/End`) and, as a standard `SpanProcessor`,
 * an application's OpenTelemetry provider. Never throws into the application.
 *
 * The span that roots a trace here is the topmost span of this processor: it
 * has no parent, or its parent belongs to someone else (another service, or
 * the application's own span that Assay's context joined). Such a span keeps
 * its parent id and is marked with `assay.trace.root`, so the store takes it
 * as the trace's root.
 */
export class AssaySpanProcessor implements RecordedSpanProcessor {
  private readonly queue: SpanExportQueue;
  private readonly resolveDestination: AssaySpanProcessorOptions['resolveDestination'];
  private readonly resolveDestinationSync: AssaySpanProcessorOptions['resolveDestinationSync'];
  // The origin of each destination still resolving, for resolveDestinationSync at exit.
  private readonly origins = new WeakMap<Promise<TraceDestination>, TraceOrigin>();
  private readonly activeRun: () => ActiveRun | undefined;
  private readonly onTraceEnd: ((traceId: string) => void) | undefined;
  private readonly onShutdown: ((processor: AssaySpanProcessor) => void) | undefined;
  private readonly openTraces = new Map<string, OpenTrace>();
  // Spans of OpenTelemetry's SDK, by span object: a child may end after its trace's root span.
  private readonly sdkSpans = new WeakMap<object, TrackedSpan>();

  constructor(options: AssaySpanProcessorOptions) {
    const { resolveDestination, resolveDestinationSync, activeRun, onTraceEnd, onShutdown, ...queueOptions } = options;
    this.resolveDestination = resolveDestination;
    this.resolveDestinationSync = resolveDestinationSync;
    this.activeRun = activeRun ?? (() => undefined);
    this.onTraceEnd = onTraceEnd;
    this.onShutdown = onShutdown;
    this.queue = new SpanExportQueue(queueOptions);
  }

  // ------------------------------------------------ Assay's own tracer

  /** A child finds its trace on its parent span, when that span is this processor's. */
  onRecordedSpanStart(span: RecordedSpan, parentContext: Context): void {
    try {
      const parent = span.parentSpanContext === undefined ? undefined : openTelemetry().trace.getSpan(parentContext);
      const parentTrace = parent instanceof RecordedSpan ? this.ownTrace(parent.exportState) : undefined;
      const trace = parentTrace ?? this.openTrace(span);
      if (parentTrace === undefined) this.markRoot(span);
      trace.openSpans += 1;
      span.exportState = trace;
    } catch (error) {
      warn('could not start tracking a span', error);
    }
  }

  onRecordedSpanEnd(span: RecordedSpan): void {
    try {
      const trace = this.ownTrace(span.exportState);
      if (!trace) return;
      this.closeSpan(span.traceId, trace);
      if (span.isTraceRoot) this.traceEnded(span.traceId);
      // Packed into a row now: the span object dies young.
      this.queue.enqueue(span, trace.destination);
    } catch (error) {
      warn('could not export a span', error);
    }
  }

  // -------------------------------- an application's OpenTelemetry provider

  /** `SpanProcessor.onStart`: links a trace's first span to the active run and remembers where the trace goes. */
  onStart(span: SdkStartedSpan, parentContext: Context): void {
    try {
      const parent = span.parentSpanContext === undefined ? undefined : openTelemetry().trace.getSpan(parentContext);
      const parentSpan = parent === undefined ? undefined : this.sdkSpans.get(parent);
      const trace = parentSpan?.trace ?? this.openTrace(span);
      if (parentSpan === undefined) this.markRoot(span);
      trace.openSpans += 1;
      this.sdkSpans.set(span, { trace, isRoot: parentSpan === undefined });
    } catch (error) {
      warn('could not start tracking a span', error);
    }
  }

  /** `SpanProcessor.onEnd`: queues the finished span for export (packed into a row, read where it is). */
  onEnd(span: SdkReadableSpan): void {
    try {
      const tracked = this.sdkSpans.get(span);
      if (!tracked) return;
      const traceId = span.spanContext().traceId;
      this.closeSpan(traceId, tracked.trace);
      if (tracked.isRoot) this.traceEnded(traceId);
      this.queue.enqueue(span, tracked.trace.destination);
    } catch (error) {
      warn('could not export a span', error);
    }
  }

  // ----------------------------------------------------------- traces

  /** Marks a span that roots its trace here but has a parent (remote, or the application's), for the store. */
  private markRoot(span: RecordedSpan | SdkStartedSpan): void {
    if (span.parentSpanContext !== undefined) span.setAttribute(ASSAY_ATTRIBUTES.traceRoot, 'true');
    if (span instanceof RecordedSpan) span.isTraceRoot = true;
  }

  private ownTrace(state: unknown): OpenTrace | undefined {
    return (state as OpenTrace | undefined)?.processor === this ? (state as OpenTrace) : undefined;
  }

  /** The open trace of a span that roots its trace here, resolving its destination when no other span of it is open. */
  private openTrace(span: { spanContext(): { traceId: string }; setAttribute(key: string, value: string): unknown }): OpenTrace {
    const traceId = span.spanContext().traceId;
    let trace = this.openTraces.get(traceId);
    if (!trace) {
      const run = this.activeRun();
      if (run) span.setAttribute(ASSAY_ATTRIBUTES.sourceRun, JSON.stringify(run.id));
      const origin: TraceOrigin = { run };
      const destination = this.resolveDestination(origin);
      if (this.resolveDestinationSync !== undefined) this.origins.set(destination, origin);
      // The queue notes the destination once it is known; a failure is reported when the trace is exported.
      this.queue.watchDestination(destination);
      trace = { processor: this, destination, openSpans: 0 };
      this.openTraces.set(traceId, trace);
    }
    return trace;
  }

  private closeSpan(traceId: string, trace: OpenTrace): void {
    trace.openSpans -= 1;
    if (trace.openSpans <= 0 && this.openTraces.get(traceId) === trace) this.openTraces.delete(traceId);
  }

  private traceEnded(traceId: string): void {
    this.onTraceEnd?.(toAssayTraceId(traceId));
  }

  // ------------------------------------------------------------ export

  /** Writes every queued span (one attempt); never rejects. */
  forceFlush(): Promise<void> {
    return this.queue.flush();
  }

  /** Writes what is queued, then stops accepting spans. */
  async shutdown(): Promise<void> {
    await this.queue.shutdown();
    this.onShutdown?.(this);
  }

  /**
   * At process exit: hands each queued batch to its exporter's `exportSync`
   * (the local store spools it) and reports, on stderr, what could not be kept.
   */
  exportSyncAtExit(options: SyncWriteOptions = {}): void {
    const { batches, unresolved } = this.queue.drainSync((destination) => {
      const origin = this.origins.get(destination);
      return origin === undefined ? undefined : this.resolveDestinationSync?.(origin);
    });
    let lost = unresolved;
    for (const { exporter, batch } of batches) {
      if (!exportSync(exporter, batch, options)) lost += batch.rows.count;
    }
    if (lost > 0) {
      this.queue.countFailed(lost);
      console.error(`[assay] ${lost} span(s) were not saved: the process exited before they were exported (call flush() first).`);
    }
  }

  /** Counters of exported, dropped, failed and queued spans. */
  getExportStats(): ExportStats {
    return this.queue.getStats();
  }
}

function exportSync(exporter: AssaySpanExporter, batch: SpanBatch, options: SyncWriteOptions): boolean {
  if (exporter.exportSync === undefined) return false;
  try {
    return exporter.exportSync(batch, options);
  } catch (error) {
    console.error(`[assay] spans could not be saved at exit: ${errorMessage(error)}`);
    return false;
  }
}
