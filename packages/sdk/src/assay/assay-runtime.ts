import { AssayError, canWriteSync, errorMessage, ownsPendingWrites, type Store, type SyncWriteOptions, type WriteOperation } from '@assay/core';
import { TrackingUriSetting } from '../config/tracking-uri.js';
import type { TraceOrigin } from '../export/assay-span-processor.js';
import type { SpanExportQueueOptions } from '../export/span-export-queue.js';
import type { TraceDestination } from '../export/span-exporter.js';
import { createDestinationResolvers } from '../export/trace-destination.js';
import { forgetAtExit, saveBeforeExit, type ExitParticipant, type ExitStatus } from '../process/exit-hooks.js';
import { StoreCache } from '../store/store-cache.js';
import { TracingRuntime } from '../tracing/tracing-runtime.js';
import { ExperimentSelection } from '../tracking/experiment-selection.js';
import { RunContext } from '../tracking/run-context.js';
import type { ActiveRun, RunOwner } from '../tracking/run-handle.js';
import { WriteBuffer, type WriteBufferOptions } from '../tracking/write-buffer.js';

/** Options of `createAssay`. */
export interface AssayOptions {
  /**
   * Where this instance sends runs, metrics, artifacts and traces: a store
   * directory, a `file://` URI or a server URL. Default: ASSAY_TRACKING_URI,
   * else `./.assay` (read when first needed). `setTrackingUri` changes it.
   */
  trackingUri?: string;
  /** How buffered params, metrics and tags are written (batch size, interval). */
  writeBuffer?: WriteBufferOptions;
  /**
   * How spans are exported (queue size, batch size, interval, retries). With
   * `resolveDestination`, every trace goes where it says instead of to the
   * tracking store (e.g. an in-memory exporter in tests).
   */
  tracing?: SpanExportQueueOptions & { resolveDestination?: (origin: TraceOrigin) => Promise<TraceDestination> };
}

function warn(message: string, error: unknown): void {
  console.warn(`[assay] ${message}: ${errorMessage(error)}`);
}

/**
 * The state of one Assay instance, in one place: where it tracks to and the
 * stores it opened, its default experiment, which run is active in each
 * async context, its buffered writes and open runs, and its tracing. The
 * process exit hooks save its writes once it has any.
 */
export class AssayRuntime implements RunOwner, ExitParticipant {
  readonly trackingUri = new TrackingUriSetting();
  readonly stores = new StoreCache();
  readonly experiments = new ExperimentSelection();
  readonly runContext = new RunContext();
  readonly openRuns = new Set<ActiveRun>();
  readonly writeBuffer: WriteBuffer;
  readonly tracing: TracingRuntime;
  private disposed = false;

  constructor(options: AssayOptions = {}) {
    if (options.trackingUri !== undefined) this.trackingUri.set(options.trackingUri);
    this.writeBuffer = new WriteBuffer(options.writeBuffer);
    const { resolveDestination, ...exportOptions } = options.tracing ?? {};
    const destinations = createDestinationResolvers({
      getStore: () => this.getStore(),
      trackingUri: () => this.trackingUri.get(),
      experiments: this.experiments,
    });
    this.tracing = new TracingRuntime(
      {
        ...exportOptions,
        ...(resolveDestination !== undefined
          ? { resolveDestination }
          : { resolveDestination: destinations.resolve, resolveDestinationSync: destinations.resolveSync }),
        activeRun: () => this.runContext.activeRun(),
      },
      () => this.saveAtExit(),
    );
  }

  /** The store of the current tracking URI, opened on first use and cached per URI. */
  getStore(): Promise<Store> {
    try {
      this.assertUsable();
      return this.stores.get(this.trackingUri.get());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Throws once the instance was disposed. */
  assertUsable(): void {
    if (this.disposed) {
      throw new AssayError('BAD_REQUEST', 'This Assay instance was disposed; create a new one with createAssay().');
    }
  }

  /** Has the process exit hooks save this instance's writes (from its first run or span on). */
  saveAtExit(): void {
    if (!this.disposed) saveBeforeExit(this);
  }

  // ------------------------------------------------------------ process exit

  hasPendingWork(): boolean {
    return !this.writeBuffer.idle || this.unendedRuns().length > 0 || this.tracing.getExportStats().queued > 0;
  }

  async drain(status: ExitStatus): Promise<void> {
    if (!this.writeBuffer.idle) {
      await this.writeBuffer.flush().catch((error: unknown) => warn('could not write buffered entries before exit', error));
    }
    const results = await Promise.allSettled(this.unendedRuns().map((run) => run.end({ status })));
    for (const result of results) {
      if (result.status === 'rejected') warn('could not end a run before exit', result.reason);
    }
    if (this.tracing.getExportStats().queued > 0) await this.tracing.flush();
  }

  saveSync(status: ExitStatus, options: SyncWriteOptions = {}): void {
    const byStore = new Map<Store, WriteOperation[]>();
    const operationsOf = (store: Store): WriteOperation[] => {
      let operations = byStore.get(store);
      if (!operations) byStore.set(store, (operations = []));
      return operations;
    };
    for (const { store, batch, handedOver } of this.writeBuffer.drainSync()) {
      // A store that owns what it was given saves an unfinished write itself (in its writeSync below): saved here too, it would count twice.
      const operations = operationsOf(store);
      if (handedOver && ownsPendingWrites(store)) continue;
      operations.push({ op: 'logBatch', runId: batch.runId, metrics: batch.metrics ?? [], params: batch.params ?? [], tags: batch.tags ?? [] });
    }
    const now = Date.now();
    for (const run of this.openRuns) {
      operationsOf(run.store).push({
        op: 'updateRun',
        runId: run.id,
        status: run.requestedEnd?.status ?? status,
        endTime: run.requestedEnd?.endTime ?? now,
      });
    }
    this.openRuns.clear();
    for (const [store, operations] of byStore) {
      if (!canWriteSync(store)) {
        console.error(`[assay] ${operations.length} write(s) were not saved: the process exited before they were flushed (call flush() or run.end() first).`);
        continue;
      }
      try {
        store.writeSync(operations, options);
      } catch (error) {
        console.error(`[assay] ${operations.length} write(s) could not be saved at exit: ${errorMessage(error)}`);
      }
    }
    this.tracing.exportSyncAtExit(options);
  }

  private unendedRuns(): ActiveRun[] {
    return [...this.openRuns].filter((run) => !run.ended);
  }

  // ------------------------------------------------------------ lifecycle

  /**
   * Makes every buffered write durable: params, metrics and tags of all runs
   * go to their stores, queued spans are exported, and the stores flush.
   * Rejects with the first write error since the last flush, if any.
   */
  async flush(): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await this.writeBuffer.flush();
    } catch (error) {
      failure = { error };
    }
    await this.tracing.flush();
    await Promise.all((await this.stores.opened()).map((store) => store.flush()));
    if (failure) throw failure.error;
  }

  /**
   * Stops the instance: queued spans are exported and buffered entries written
   * (a failure is reported, not thrown), the stores it opened are closed and
   * the exit hooks forget it. Runs still open stay as they are. The instance
   * cannot be used afterwards.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    forgetAtExit(this);
    await this.tracing.shutdown();
    await this.writeBuffer.flushQuietly();
    this.writeBuffer.reset();
    this.openRuns.clear();
    this.runContext.forgetAll();
    await this.stores.closeAll();
  }
}
