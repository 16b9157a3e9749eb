import { DEFAULT_EXPERIMENT_ID, type Store } from '@assay/core';
import type { ActiveRun } from '../tracking/run-handle.js';
import { getStore } from '../store/get-store.js';
import { activeExperimentName, EXPERIMENT_ID_ENV, EXPERIMENT_NAME_ENV, resolveExperimentId } from '../tracking/experiments.js';
import type { TraceDestination } from './span-export-queue.js';

/** What is known about a trace when its root span starts. */
export interface TraceOrigin {
  /** The run active where the root span started. */
  run: ActiveRun | undefined;
}

/**
 * The experiment new runs would go to in `store` (`setExperiment`, then
 * ASSAY_EXPERIMENT_NAME, ASSAY_EXPERIMENT_ID, else Default), resolved without
 * creating a run; a named experiment that does not exist yet is created.
 */
export async function resolveCurrentExperimentId(store: Store): Promise<string> {
  // Every trace asks: the experiment named by ASSAY_EXPERIMENT_NAME is looked up once per store and name, not per trace.
  const name = process.env[EXPERIMENT_NAME_ENV];
  const cached = name ? environmentExperimentIds.get(store)?.get(name) : undefined;
  if (cached !== undefined && activeExperimentName() === undefined) return cached;
  // resolveExperimentId only returns undefined when asked not to create.
  const experimentId = (await resolveExperimentId(store, {}, true)) ?? DEFAULT_EXPERIMENT_ID;
  if (name && activeExperimentName() === undefined) {
    let byName = environmentExperimentIds.get(store);
    if (!byName) environmentExperimentIds.set(store, (byName = new Map()));
    byName.set(name, experimentId);
  }
  return experimentId;
}

// Experiment ids of ASSAY_EXPERIMENT_NAME values, by store.
const environmentExperimentIds = new WeakMap<Store, Map<string, string>>();

/**
 * Where a new trace goes: the active run's store and experiment, else the
 * current tracking URI's store and the current experiment.
 */
export function resolveTraceDestination(origin: TraceOrigin): Promise<TraceDestination> {
  if (origin.run) return Promise.resolve({ sink: origin.run.store, experimentId: origin.run.experimentId });
  return resolveDefaultDestination();
}

// Traces outside a run go where the store and the experiment settings say;
// while neither changes, they share one resolution instead of one each.
let shared: { store: Promise<Store>; experimentKey: string; destination: Promise<TraceDestination> } | undefined;

function resolveDefaultDestination(): Promise<TraceDestination> {
  const store = getStore(); // the cached store of the current tracking URI (the same promise while it stays open)
  const experimentKey = `${activeExperimentName() ?? ''}\u0000${process.env[EXPERIMENT_NAME_ENV] ?? ''}\u0000${process.env[EXPERIMENT_ID_ENV] ?? ''}`;
  if (shared !== undefined && shared.store === store && shared.experimentKey === experimentKey) return shared.destination;
  const destination = store.then(async (sink) => ({ sink, experimentId: await resolveCurrentExperimentId(sink) }));
  const entry = { store, experimentKey, destination };
  shared = entry;
  // A failure is not shared: the next trace resolves again.
  destination.catch(() => {
    if (shared === entry) shared = undefined;
  });
  return destination;
}
