import { AssayError, NotFoundError } from '@assay/core';
import type { Experiment, Store } from '@assay/core';

const EXPERIMENT_ID = /^\d+$/;

/**
 * Finds an experiment, active or deleted, by id or by name. A decimal string
 * is tried as an id first and then as a name, so an experiment named "2024"
 * is still reachable.
 *
 * @throws NotFoundError naming the value and how to list experiments.
 */
export async function resolveExperiment(store: Store, idOrName: string): Promise<Experiment> {
  if (EXPERIMENT_ID.test(idOrName)) {
    try {
      return await store.getExperiment({ experimentId: idOrName });
    } catch (error) {
      if (!AssayError.isInstance(error) || error.code !== 'RESOURCE_DOES_NOT_EXIST') throw error;
    }
  }
  const experiment = await store.getExperimentByName({ name: idOrName });
  if (experiment) return experiment;
  throw new NotFoundError(
    `No experiment with id or name '${idOrName}'. Run "assay experiments list --view all" to see the experiments.`,
  );
}

/**
 * The experiments a run search covers: the named ones (ids or names), or
 * every active experiment when none is named.
 */
export async function resolveSearchExperiments(store: Store, idsOrNames: readonly string[] | undefined): Promise<Experiment[]> {
  if (idsOrNames !== undefined && idsOrNames.length > 0) {
    const experiments: Experiment[] = [];
    for (const idOrName of idsOrNames) {
      const experiment = await resolveExperiment(store, idOrName);
      if (!experiments.some((known) => known.experimentId === experiment.experimentId)) experiments.push(experiment);
    }
    return experiments;
  }
  const experiments: Experiment[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
    experiments.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return experiments;
}
