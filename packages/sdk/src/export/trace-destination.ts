import type { Store } from '@assay/core';
import type { ExperimentSelection } from '../tracking/experiment-selection.js';
import type { TraceOrigin } from './assay-span-processor.js';
import type { AssaySpanExporter, TraceDestination } from './span-exporter.js';
import { createStoreSpanExporter } from './store-span-exporter.js';

/** What resolving a trace's destination needs from its Assay instance. */
export interface DestinationSources {
  /** The store of the current tracking URI (the same promise while it stays open). */
  getStore(): Promise<Store>;
  /** The instance's default experiment. */
  experiments: ExperimentSelection;
}

/**
 * Where new traces go: the active run's store and experiment, else the
 * current tracking URI's store and the current experiment. Traces outside a
 * run share one resolution while the store and the experiment settings stay
 * the same, instead of one store lookup and experiment resolution per trace
 * (per autologged call). A failed resolution is not shared.
 */
export function createDestinationResolver(sources: DestinationSources): (origin: TraceOrigin) => Promise<TraceDestination> {
  const exporters = new WeakMap<Store, AssaySpanExporter>();
  const exporterFor = (store: Store): AssaySpanExporter => {
    let exporter = exporters.get(store);
    if (!exporter) exporters.set(store, (exporter = createStoreSpanExporter(store)));
    return exporter;
  };
  let shared: { store: Promise<Store>; settingsKey: string; destination: Promise<TraceDestination> } | undefined;
  return (origin) => {
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
}
