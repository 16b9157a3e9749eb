import { ASSAY_ATTRIBUTES } from '@assay/core';
import { ROOT_CONTEXT, context as otelContext, trace as otelTrace, type Context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, Span as OtelSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { activeRun } from '../tracking/active-run.js';
import { setLastTraceId } from './get-last-trace-id.js';
import { spanProcessorRegistry } from './span-processor-registry.js';
import { SpanExportQueue, type ExportStats, type SpanExportQueueOptions, type TraceDestination } from './span-export-queue.js';
import { toAssaySpan, toAssayTraceId } from './to-assay-span.js';
import { RecordedSpan } from './recorded-span.js';
import type { RecordedSpanProcessor } from './assay-tracer.js';
import { resolveTraceDestination, type TraceOrigin } from './trace-destination.js';
import { isTraceContextInUse, runInTraceContext } from './trace-context.js';

/** Options of the store span processor. */
export interface StoreSpanProcessorOptions extends Omit<SpanExportQueueOptions, 'write'> {
  /**
   * Where a trace goes, asked once per trace when its root span starts.
   * Default: the active run's store and experiment, else the current store
   * and experiment. Tests pass an in-memory sink here.
   */
  resolveDestination?: (origin: TraceOrigin) => Promise<TraceDestination>;
}

interface OpenTrace {
  destination: Promise<TraceDestination>;
  openSpans: number;
}

/** A span without a parent in this process (its parent, if any, came from another service). */
function isLocalRoot(span: Pick<ReadableSpan, 'parentSpanContext'>): boolean {
  return span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
}

function warn(message: string, error: unknown): void {
  console.warn(`[assay] ${message}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Exports with tracing suppressed, so that instrumented I/O of the export makes no spans of its own. */
function writeSuppressed(...[sink, input]: Parameters<NonNullable<SpanExportQueueOptions['write']>>): Promise<void> {
  const write = (): Promise<void> => otelContext.with(suppressTracing(otelContext.active()), () => sink.logSpans(input));
  if (!isTraceContextInUse()) return write();
  const suppressed: Context = suppressTracing(ROOT_CONTEXT);
  return runInTraceContext(suppressed, write);
}

/**
 * An OpenTelemetry SpanProcessor that writes finished spans to Assay's store:
 * root spans started inside an active run are linked to it, each finished span
 * is converted to core's `Span` and queued, and the queue writes batches in
 * the background. Never throws into the application.
 */
export class StoreSpanProcessor implements SpanProcessor, RecordedSpanProcessor {
  private readonly queue: SpanExportQueue;
  private readonly resolveDestination: (origin: TraceOrigin) => Promise<TraceDestination>;
  private readonly openTraces = new Map<string, OpenTrace>();
  // Keyed by the span object: a child may end after its trace's root span.
  private readonly spanTraces = new WeakMap<object, OpenTrace>();

  constructor(options: StoreSpanProcessorOptions = {}) {
    const { resolveDestination, ...queueOptions } = options;
    this.resolveDestination = resolveDestination ?? resolveTraceDestination;
    this.queue = new SpanExportQueue({ ...queueOptions, write: writeSuppressed });
  }

  /** Links root spans to the active run and remembers where the span's trace goes. */
  onStart(span: OtelSpan, _parentContext: Context): void {
    try {
      const trace = this.openTrace(span);
      trace.openSpans += 1;
      this.spanTraces.set(span, trace);
    } catch (error) {
      warn('could not start tracking a span', error);
    }
  }

  /** Converts the finished span and queues it for export. */
  onEnd(span: ReadableSpan): void {
    try {
      const trace = this.spanTraces.get(span);
      if (!trace) return;
      this.closeSpan(span.spanContext().traceId, trace);
      if (isLocalRoot(span)) setLastTraceId(toAssayTraceId(span.spanContext().traceId));
      this.queue.enqueue(toAssaySpan(span), trace.destination);
    } catch (error) {
      warn('could not export a span', error);
    }
  }

  /** onStart for spans of Assay's own tracer: a child finds its trace on its parent span. */
  onRecordedSpanStart(span: RecordedSpan, parentContext: Context): void {
    try {
      const parent = span.parentSpanContext === undefined ? undefined : otelTrace.getSpan(parentContext);
      const trace = parent instanceof RecordedSpan && parent.exportState !== undefined ? (parent.exportState as OpenTrace) : this.openTrace(span);
      trace.openSpans += 1;
      span.exportState = trace;
    } catch (error) {
      warn('could not start tracking a span', error);
    }
  }

  /** onEnd for spans of Assay's own tracer. */
  onRecordedSpanEnd(span: RecordedSpan): void {
    try {
      const trace = span.exportState as OpenTrace | undefined;
      if (!trace) return;
      this.closeSpan(span.traceId, trace);
      if (isLocalRoot(span)) setLastTraceId(toAssayTraceId(span.traceId));
      // Converted when exported: the queue holds the finished span as it is.
      this.queue.enqueue(span, trace.destination);
    } catch (error) {
      warn('could not export a span', error);
    }
  }

  /** The open trace of a starting span, resolving its destination when the span is the first of its trace here. */
  private openTrace(span: { spanContext(): { traceId: string }; setAttribute(key: string, value: string): unknown; parentSpanContext?: ReadableSpan['parentSpanContext'] }): OpenTrace {
    const traceId = span.spanContext().traceId;
    let trace = this.openTraces.get(traceId);
    if (!trace) {
      const run = isLocalRoot(span) ? activeRun() : undefined;
      if (run) span.setAttribute(ASSAY_ATTRIBUTES.sourceRun, JSON.stringify(run.id));
      const destination = this.resolveDestination({ run });
      // The queue notes the destination once it is known; a failure is reported when the trace is exported.
      this.queue.watchDestination(destination);
      trace = { destination, openSpans: 0 };
      this.openTraces.set(traceId, trace);
    }
    return trace;
  }

  private closeSpan(traceId: string, trace: OpenTrace): void {
    trace.openSpans -= 1;
    if (trace.openSpans <= 0 && this.openTraces.get(traceId) === trace) this.openTraces.delete(traceId);
  }

  /** Writes every queued span (one attempt); never rejects. */
  forceFlush(): Promise<void> {
    return this.queue.flush();
  }

  /** Writes what is queued, stops accepting spans and leaves `flush()` and `getExportStats()`. */
  async shutdown(): Promise<void> {
    await this.queue.shutdown();
    spanProcessorRegistry.delete(this);
  }

  /** Takes the queued spans for a synchronous write at process exit (see SpanExportQueue.drainSync). */
  drainSync(): ReturnType<SpanExportQueue['drainSync']> {
    return this.queue.drainSync();
  }

  /** Counters of exported, dropped, failed and queued spans. */
  getExportStats(): ExportStats {
    return this.queue.getStats();
  }
}
