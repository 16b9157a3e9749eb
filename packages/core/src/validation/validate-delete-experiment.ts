import { DEFAULT_EXPERIMENT_ID } from '../entities/experiment.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { ExperimentIdInput } from '../store/experiment-store.js';

/**
 * Checks that an experiment may be deleted: any but the Default experiment. Returns its id as a string.
 * @throws InvalidParameterError for the Default experiment (id `'0'`).
 */
export function validateDeleteExperiment(input: ExperimentIdInput): string {
  const experimentId = String(input?.experimentId);
  if (experimentId === DEFAULT_EXPERIMENT_ID) {
    throw new InvalidParameterError(`The Default experiment (id ${DEFAULT_EXPERIMENT_ID}) cannot be deleted.`);
  }
  return experimentId;
}
