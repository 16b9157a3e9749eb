import { AssayError, InvalidParameterError, type Experiment, type Store } from '@assay/core';
import type { RequestAccess } from '../auth/request-access.js';

/** The id of an experiment spans may be written to; InvalidParameterError for a deleted one. */
export function requireActiveExperiment(experiment: Experiment): string {
  if (experiment.lifecycleStage !== 'active') {
    throw new InvalidParameterError(`Experiment '${experiment.name}' (id ${experiment.experimentId}) is deleted; restore it before sending traces to it.`);
  }
  return experiment.experimentId;
}

/**
 * Creates the experiment `name` for spans sent by name, its creator granted
 * MANAGE (creating experiments is open to any signed-in user, as MLflow's
 * experiments/create). When another request created it first, it is that
 * one, and the caller needs EDIT on it.
 */
export async function createExperimentForSpans(store: Store, access: RequestAccess, name: string): Promise<string> {
  try {
    const experimentId = await store.createExperiment({ name });
    await access.grantCreator(experimentId);
    return experimentId;
  } catch (error) {
    if (!(AssayError.isInstance(error) && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    const experiment = await store.getExperimentByName({ name });
    if (experiment === undefined) throw error;
    const experimentId = requireActiveExperiment(experiment);
    await access.check({ resource: 'experiment', permission: 'EDIT', idFrom: () => experimentId }, undefined);
    return experimentId;
  }
}

/** The id of the active experiment `name`, created when missing (see createExperimentForSpans). */
export async function findOrCreateExperimentForSpans(store: Store, access: RequestAccess, name: string): Promise<string> {
  const experiment = await store.getExperimentByName({ name });
  return experiment === undefined ? createExperimentForSpans(store, access, name) : requireActiveExperiment(experiment);
}
