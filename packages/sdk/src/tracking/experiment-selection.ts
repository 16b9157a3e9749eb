import { AssayError, DEFAULT_EXPERIMENT_ID, InvalidParameterError, validateExperimentName, type Experiment, type Store } from '@assay/core';

/** The environment variable naming the experiment runs go to when none is given or set. */
export const EXPERIMENT_NAME_ENV = 'ASSAY_EXPERIMENT_NAME';
/** The environment variable giving the experiment id runs go to (after ASSAY_EXPERIMENT_NAME). */
export const EXPERIMENT_ID_ENV = 'ASSAY_EXPERIMENT_ID';

/** Where a run goes, as given by the caller. */
export interface ExperimentChoice {
  experimentId?: string;
  experimentName?: string;
}

function deletedError(experiment: Experiment): InvalidParameterError {
  return new InvalidParameterError(
    `Experiment '${experiment.name}' (id ${experiment.experimentId}) is deleted. Restore it with restoreExperiment('${experiment.experimentId}'), or use another name.`,
  );
}

/** The named experiment, created when missing; throws when it is deleted. */
export async function getOrCreateExperiment(store: Store, name: string): Promise<Experiment> {
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
 * Which experiment an Assay instance's runs and traces go to when the caller
 * names none: the one `setExperiment` chose, else ASSAY_EXPERIMENT_NAME,
 * else ASSAY_EXPERIMENT_ID, else the Default experiment.
 */
export class ExperimentSelection {
  /** What `setExperiment` chose, with its id per store (the tracking URI may change later). */
  private chosen: { name: string; ids: WeakMap<Store, string> } | undefined;
  /** Ids of ASSAY_EXPERIMENT_NAME values, by store: every trace asks, and the name is looked up once. */
  private readonly environmentIds = new WeakMap<Store, Map<string, string>>();

  /** Makes the named experiment the default of this instance, creating it if missing; throws for a deleted one. */
  async choose(store: Store, name: string): Promise<Experiment> {
    validateExperimentName(name);
    const experiment = await getOrCreateExperiment(store, name);
    this.chosen = { name, ids: new WeakMap([[store, experiment.experimentId]]) };
    return experiment;
  }

  /** The name `setExperiment` chose, if it was called (it comes before ASSAY_EXPERIMENT_NAME). */
  chosenName(): string | undefined {
    return this.chosen?.name;
  }

  /**
   * The experiment id for a new run or a search: the explicit id, else the
   * explicit name (created when `create`), else the default (see the class).
   * Undefined only when `create` is false and a named experiment does not exist.
   */
  async resolve(store: Store, choice: ExperimentChoice, create: boolean): Promise<string | undefined> {
    const byName = async (name: string): Promise<string | undefined> => {
      if (create) return (await getOrCreateExperiment(store, name)).experimentId;
      return (await store.getExperimentByName({ name }))?.experimentId;
    };
    if (choice.experimentId !== undefined) return String(choice.experimentId);
    if (choice.experimentName !== undefined) return byName(choice.experimentName);
    const chosen = this.chosen;
    if (chosen) {
      const known = chosen.ids.get(store);
      if (known !== undefined) return known;
      const id = await byName(chosen.name);
      if (id !== undefined) chosen.ids.set(store, id);
      return id;
    }
    const nameFromEnvironment = process.env[EXPERIMENT_NAME_ENV];
    if (nameFromEnvironment) return byName(nameFromEnvironment);
    const idFromEnvironment = process.env[EXPERIMENT_ID_ENV];
    if (idFromEnvironment) return idFromEnvironment;
    return DEFAULT_EXPERIMENT_ID;
  }

  /**
   * The experiment new runs would go to in `store`, resolved without creating
   * a run; a named experiment that does not exist yet is created.
   */
  async resolveCurrent(store: Store): Promise<string> {
    const name = process.env[EXPERIMENT_NAME_ENV];
    const cached = name && this.chosen === undefined ? this.environmentIds.get(store)?.get(name) : undefined;
    if (cached !== undefined) return cached;
    // resolve only returns undefined when asked not to create.
    const experimentId = (await this.resolve(store, {}, true)) ?? DEFAULT_EXPERIMENT_ID;
    if (name && this.chosen === undefined) {
      let byName = this.environmentIds.get(store);
      if (!byName) this.environmentIds.set(store, (byName = new Map()));
      byName.set(name, experimentId);
    }
    return experimentId;
  }

  /**
   * The current experiment as far as it is known without asking a store,
   * for the process exit, when nothing asynchronous runs any more: its id
   * (an ASSAY_EXPERIMENT_ID, or the Default experiment), or its name (from
   * `setExperiment` or ASSAY_EXPERIMENT_NAME) for the store to resolve later.
   */
  resolveCurrentSync(): { experimentId: string } | { experimentName: string } {
    const name = this.chosen?.name ?? process.env[EXPERIMENT_NAME_ENV];
    if (name) return { experimentName: name };
    return { experimentId: process.env[EXPERIMENT_ID_ENV] || DEFAULT_EXPERIMENT_ID };
  }

  /** A key that changes whenever the default experiment may have changed (for caches of it). */
  settingsKey(): string {
    return `${this.chosen?.name ?? ''}\u0000${process.env[EXPERIMENT_NAME_ENV] ?? ''}\u0000${process.env[EXPERIMENT_ID_ENV] ?? ''}`;
  }
}
