import type { Store, WriteOperation } from '@assay/core';
import { parseTrackingUri } from '../config/tracking-uri.js';
import { spoolToDirectorySync } from '../store/spool-to-directory-sync.js';
import { spoolToServerSync } from '../store/spool-to-server-sync.js';
import type { ExperimentSelection } from '../tracking/experiment-selection.js';
import type { TraceOrigin } from './assay-span-processor.js';
import type { AssaySpanExporter, TraceDestination } from './span-exporter.js';
import { createStoreSpanExporter } from './store-span-exporter.js';

/** What resolving a trace's destination needs from its Assay instance. */
export interface DestinationSources {
  /** The store of the current tracking URI (the same promise while it stays open). */
  getStore(): Promise<Store>;
  /** The current tracking URI (canonical). */
  trackingUri(): string;
  /** The instance's default experiment. */
  experiments: ExperimentSelection;
}

/** Resolvers of where new traces go. */
export interface DestinationResolvers {
  resolve(origin: TraceOrigin): Promise<TraceDestination>;
  /**
   * At process exit, for traces whose destination was still resolving: the
   * local store directory's spool (with the experiment's id, or its name for
   * the store to resolve when it ingests the spool), or the server's spool
   * when the experiment's id is known without a store (see
   * ExperimentSelection.resolveCurrentSync).
   */
  resolveSync(origin: TraceOrigin): TraceDestination | undefined;
}

/**
 * An exporter that only spools at exit, into a store directory that was
 * never opened, or for a server whose store was never opened; with
 * `experimentName`, the spans go to that experiment (the local store, or
 * the server's writes route, finds or creates it by name), whatever
 * the batch's experimentId says.
 */
function createSpoolOnlyExporter(target: ReturnType<typeof parseTrackingUri>, experimentName?: string): AssaySpanExporter {
  const where = target.kind === 'local' ? target.root : target.url;
  return {
    export: () => Promise.reject(new Error(`the store at ${where} is not open yet`)),
    exportSync: (batch) => {
      const operation: WriteOperation =
        experimentName === undefined
          ? { op: 'logSpans', experimentId: batch.experimentId, spans: [], packed: batch.rows }
          : { op: 'logSpans', experimentId: '', experimentName, spans: [], packed: batch.rows };
      if (target.kind === 'local') spoolToDirectorySync(target.root, [operation]);
      else spoolToServerSync(target.url, [operation]);
      return true;
    },
  };
}

/**
 * Where new traces go: the active run's store and experiment, else the
 * current tracking URI's store and the current experiment. Traces outside a
 * run share one resolution while the store and the experiment settings stay
 * the same, instead of one store lookup and experiment resolution per trace
 * (per autologged call). A failed resolution is not shared.
 */
export function createDestinationResolvers(sources: DestinationSources): DestinationResolvers {
  const exporters = new WeakMap<Store, AssaySpanExporter>();
  const exporterFor = (store: Store): AssaySpanExporter => {
    let exporter = exporters.get(store);
    if (!exporter) exporters.set(store, (exporter = createStoreSpanExporter(store)));
    return exporter;
  };
  let shared: { store: Promise<Store>; settingsKey: string; destination: Promise<TraceDestination> } | undefined;
  const spoolExporters = new Map<string, AssaySpanExporter>();
  const resolve = (origin: TraceOrigin): Promise<TraceDestination> => {
    if (origin.run) return Promise.resolve({ exporter: exporterFor(origin.run.store), experimentId: origin.run.experimentId });
    const store = sources.getStore();
    const settingsKey = sources.experiments.settingsKey();
    if (shared !== undefined && shared.store === store && shared.settingsKey === settingsKey) return shared.destination;
    const destination = store.then(async (resolved) => ({
      exporter: exporterFor(resolved),
      experimentId: await sources.experiments.resolveCurrent(resolved),
    }));
    const entry = { store, settingsKey, destination };
    shared = entry;
    destination.catch(() => {
      if (shared === entry) shared = undefined;
    });
    return destination;
  };
  const resolveSync = (origin: TraceOrigin): TraceDestination | undefined => {
    if (origin.run) return { exporter: exporterFor(origin.run.store), experimentId: origin.run.experimentId };
    const current = sources.experiments.resolveCurrentSync();
    let target: ReturnType<typeof parseTrackingUri>;
    try {
      target = parseTrackingUri(sources.trackingUri());
    } catch {
      return undefined;
    }
    const name = 'experimentName' in current ? current.experimentName : undefined;
    const key = `${target.kind === 'local' ? target.root : target.url}\u0000${name ?? ''}`;
    let exporter = spoolExporters.get(key);
    if (!exporter) spoolExporters.set(key, (exporter = createSpoolOnlyExporter(target, name)));
    return { exporter, experimentId: 'experimentId' in current ? current.experimentId : '' };
  };
  return { resolve, resolveSync };
}
