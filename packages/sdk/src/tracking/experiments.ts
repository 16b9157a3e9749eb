import {
  AssayError,
  DEFAULT_EXPERIMENT_ID,
  InvalidParameterError,
  validateExperimentName,
  type Experiment,
  type SearchExperimentsInput,
  type Store,
} from '@assay/core';
import { getStore } from '../store/get-store.js';

/** The environment variable naming the experiment runs go to when none is given or set. */
export const EXPERIMENT_NAME_ENV = 'ASSAY_EXPERIMENT_NAME';
/** The environment variable giving the experiment id runs go to (after ASSAY_EXPERIMENT_NAME). */
export const EXPERIMENT_ID_ENV = 'ASSAY_EXPERIMENT_ID';

/** What `setExperiment` chose, with its id per store (the tracking URI may change later). */
let active: { name: string; ids: WeakMap<Store, string> } | undefined;

function deletedError(experiment: Experiment): InvalidParameterError {
  return new InvalidParameterError(
    `Experiment '${experiment.name}' (id ${experiment.experimentId}) is deleted. Restore it with restoreExperiment('${experiment.experimentId}'), or use another name.`,
  );
}

/** The named experiment, created when missing; throws when it is deleted. */
async function getOrCreateExperiment(store: Store, name: string): Promise<Experiment> {
  validateExperimentName(name);
  let experiment = await store.getExperimentByName({ name });
  if (!experiment) {
    try {
      experiment = await store.getExperiment({ experimentId: await store.createExperiment({ name }) });
    } catch (error) {
      // Another process or task created it meanwhile.
      if (!(AssayError.isInstance(error) && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
      experiment = await store.getExperimentByName({ name });
      if (!experiment) throw error;
    }
  }
  if (experiment.lifecycleStage === 'deleted') throw deletedError(experiment);
  return experiment;
}

/**
 * Makes the named experiment the one runs go to by default in this process,
 * creating it if missing, and returns it. Throws for a deleted experiment.
 */
export async function setExperiment(name: string): Promise<Experiment> {
  validateExperimentName(name);
  const store = await getStore();
  const experiment = await getOrCreateExperiment(store, name);
  active = { name, ids: new WeakMap([[store, experiment.experimentId]]) };
  return experiment;
}

/** Where a run goes, as given by the caller. */
export interface ExperimentChoice {
  experimentId?: string;
  experimentName?: string;
}

/**
 * The experiment id for a new run or a search: the explicit id, else the
 * explicit name (created when `create`), else `setExperiment`'s, else
 * ASSAY_EXPERIMENT_NAME, else ASSAY_EXPERIMENT_ID, else the Default
 * experiment. Undefined only when `create` is false and a named experiment
 * does not exist.
 */
export async function resolveExperimentId(store: Store, choice: ExperimentChoice, create: boolean): Promise<string | undefined> {
  const byName = async (name: string): Promise<string | undefined> => {
    if (create) return (await getOrCreateExperiment(store, name)).experimentId;
    return (await store.getExperimentByName({ name }))?.experimentId;
  };
  if (choice.experimentId !== undefined) return String(choice.experimentId);
  if (choice.experimentName !== undefined) return byName(choice.experimentName);
  if (active) {
    const known = active.ids.get(store);
    if (known !== undefined) return known;
    const id = await byName(active.name);
    if (id !== undefined) active.ids.set(store, id);
    return id;
  }
  const nameFromEnvironment = process.env[EXPERIMENT_NAME_ENV];
  if (nameFromEnvironment) return byName(nameFromEnvironment);
  const idFromEnvironment = process.env[EXPERIMENT_ID_ENV];
  if (idFromEnvironment) return idFromEnvironment;
  return DEFAULT_EXPERIMENT_ID;
}

/** The name `setExperiment` chose, if it was called (it comes before ASSAY_EXPERIMENT_NAME). */
export function activeExperimentName(): string | undefined {
  return active?.name;
}

/** Forgets `setExperiment` (tests only). */
export function resetActiveExperiment(): void {
  active = undefined;
}

/** Options of `createExperiment`. */
export interface CreateExperimentOptions {
  /** Where runs of this experiment keep artifacts; the store picks one when absent. */
  artifactLocation?: string;
  tags?: Record<string, string>;
}

/** Creates an experiment and returns its id. Throws AlreadyExistsError when the name is taken (even by a deleted one). */
export async function createExperiment(name: string, options: CreateExperimentOptions = {}): Promise<string> {
  const store = await getStore();
  return store.createExperiment({ name, ...options });
}

/** The experiment with this id; throws NotFoundError when there is none. */
export async function getExperiment(experimentId: string): Promise<Experiment> {
  return (await getStore()).getExperiment({ experimentId });
}

/** The experiment with this name (active or deleted), or undefined. */
export async function getExperimentByName(name: string): Promise<Experiment | undefined> {
  return (await getStore()).getExperimentByName({ name });
}

/** Options of `searchExperiments`. */
export type SearchExperimentsOptions = SearchExperimentsInput;

/** One page of `searchExperiments`. */
export interface SearchExperimentsResult {
  experiments: Experiment[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/**
 * Finds experiments, e.g. `searchExperiments({ filter: "name LIKE 'eval-%'", orderBy: ['name ASC'] })`.
 * Active ones only unless `viewType` says otherwise.
 */
export async function searchExperiments(options: SearchExperimentsOptions = {}): Promise<SearchExperimentsResult> {
  const page = await (await getStore()).searchExperiments(options);
  return { experiments: page.items, ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}) };
}

/** Soft-deletes an experiment and its runs; `restoreExperiment` undoes it. */
export async function deleteExperiment(experimentId: string): Promise<void> {
  await (await getStore()).deleteExperiment({ experimentId });
}

/** Restores a deleted experiment and the runs its deletion took with it. */
export async function restoreExperiment(experimentId: string): Promise<void> {
  await (await getStore()).restoreExperiment({ experimentId });
}

/** Renames an experiment. */
export async function renameExperiment(experimentId: string, newName: string): Promise<void> {
  await (await getStore()).renameExperiment({ experimentId, newName });
}

/** Sets a tag on an experiment. */
export async function setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
  await (await getStore()).setExperimentTag({ experimentId, key, value });
}
