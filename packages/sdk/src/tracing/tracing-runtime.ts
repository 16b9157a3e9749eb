import type { Tracer } from '@opentelemetry/api';
import type { SyncWriteOptions } from '@assay/core';
import { AssaySpanProcessor, type AssaySpanProcessorOptions } from '../export/assay-span-processor.js';
import type { ExportStats, SpanExportQueueOptions } from '../export/span-export-queue.js';
import { AssayTracer } from '../tracer/assay-tracer.js';
import type { RootSpanEntry } from './root-spans.js';

/** How an Assay instance exports its spans; `resolveDestination` and `activeRun` come from the instance. */
export type TracingRuntimeOptions = Omit<AssaySpanProcessorOptions, 'onTraceEnd' | 'onShutdown'>;

/**
 * The tracing state of one Assay instance: its tracer and span processor
 * (made when the first span starts), processors it made for applications'
 * own providers, the root spans of its open traces, and its last trace id.
 */
export class TracingRuntime {
  /** Root spans of traces still open, by OpenTelemetry trace id (32 hex); entries leave when the root span ends. */
  readonly rootSpans = new Map<string, RootSpanEntry>();
  /** The id (`tr-…`) of the last trace whose root span ended. */
  lastTraceId: string | undefined;
  private own: { processor: AssaySpanProcessor; tracer: AssayTracer } | undefined;
  private readonly processors = new Set<AssaySpanProcessor>();

  /**
   * @param options how spans are exported
   * @param onFirstProcessor called once, when the first processor is made (the instance then saves spans at exit)
   */
  constructor(
    private readonly options: TracingRuntimeOptions,
    private readonly onFirstProcessor: () => void,
  ) {}

  /** The tracer Assay's tracing API starts spans with (never registered globally: the global provider belongs to the app). */
  get tracer(): Tracer {
    return this.ownTracer().tracer;
  }

  private ownTracer(): { processor: AssaySpanProcessor; tracer: AssayTracer } {
    if (!this.own) {
      const processor = this.createProcessor();
      this.own = { processor, tracer: new AssayTracer(processor) };
    }
    return this.own;
  }

  /** A processor exporting like this instance's own, for an application's provider; covered by flush and stats until shut down. */
  createProcessor(overrides: SpanExportQueueOptions = {}): AssaySpanProcessor {
    const processor = new AssaySpanProcessor({
      ...this.options,
      ...overrides,
      onTraceEnd: (traceId) => {
        this.lastTraceId = traceId;
      },
      onShutdown: (stopped) => {
        this.processors.delete(stopped);
      },
    });
    if (this.processors.size === 0) this.onFirstProcessor();
    this.processors.add(processor);
    return processor;
  }

  /** Writes every span finished so far; never rejects. */
  async flush(): Promise<void> {
    await Promise.all([...this.processors].map((processor) => processor.forceFlush()));
  }

  /** Spans exported, dropped, given up and queued, summed over this instance's processors. */
  getExportStats(): ExportStats {
    const total: ExportStats = { exported: 0, dropped: 0, failed: 0, queued: 0 };
    for (const processor of this.processors) {
      const stats = processor.getExportStats();
      total.exported += stats.exported;
      total.dropped += stats.dropped;
      total.failed += stats.failed;
      total.queued += stats.queued;
    }
    return total;
  }

  /** At process exit: saves queued spans synchronously where their exporter can. */
  exportSyncAtExit(options: SyncWriteOptions = {}): void {
    for (const processor of this.processors) processor.exportSyncAtExit(options);
  }

  /** Exports what is queued and stops: later spans of this instance's tracer are dropped. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.processors].map((processor) => processor.shutdown()));
  }
}
