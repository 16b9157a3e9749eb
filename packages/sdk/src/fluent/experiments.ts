import type { Experiment } from '@assay/core';
import { defaultAssay } from '../assay/default-assay.js';
import type { CreateExperimentOptions, SearchExperimentsOptions, SearchExperimentsResult } from '../tracking/experiments.js';

/**
 * Makes the named experiment the one runs and traces go to by default in
 * this process, creating it if missing, and returns it. Throws for a deleted
 * experiment.
 */
export function setExperiment(name: string): Promise<Experiment> {
  return defaultAssay().setExperiment(name);
}

/** Creates an experiment and returns its id. Throws AlreadyExistsError when the name is taken (even by a deleted one). */
export function createExperiment(name: string, options?: CreateExperimentOptions): Promise<string> {
  return defaultAssay().createExperiment(name, options);
}

/** The experiment with this id; throws NotFoundError when there is none. */
export function getExperiment(experimentId: string): Promise<Experiment> {
  return defaultAssay().getExperiment(experimentId);
}

/** The experiment with this name (active or deleted), or undefined. */
export function getExperimentByName(name: string): Promise<Experiment | undefined> {
  return defaultAssay().getExperimentByName(name);
}

/**
 * Finds experiments, e.g. `searchExperiments({ filter: "name LIKE 'eval-%'", orderBy: ['name ASC'] })`.
 * Active ones only unless `viewType` says otherwise.
 */
export function searchExperiments(options?: SearchExperimentsOptions): Promise<SearchExperimentsResult> {
  return defaultAssay().searchExperiments(options);
}

/** Soft-deletes an experiment and its runs; `restoreExperiment` undoes it. */
export function deleteExperiment(experimentId: string): Promise<void> {
  return defaultAssay().deleteExperiment(experimentId);
}

/** Restores a deleted experiment and the runs its deletion took with it. */
export function restoreExperiment(experimentId: string): Promise<void> {
  return defaultAssay().restoreExperiment(experimentId);
}

/** Renames an experiment. */
export function renameExperiment(experimentId: string, newName: string): Promise<void> {
  return defaultAssay().renameExperiment(experimentId, newName);
}

/** Sets a tag on an experiment. */
export function setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
  return defaultAssay().setExperimentTag(experimentId, key, value);
}
