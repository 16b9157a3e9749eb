import { InvalidParameterError } from '../errors/assay-error.js';

/** Options of validateExperimentIds. */
export interface ValidateExperimentIdsOptions {
  /** What the caller passed as `experimentIds`. */
  experimentIds: unknown;
  /** The operation, for the message, e.g. `searchRuns`. */
  operation: string;
}

/**
 * Checks the experiment ids of a search: a non-empty list. Returns them as strings.
 * @throws InvalidParameterError for anything else, naming the operation.
 */
export function validateExperimentIds({ experimentIds, operation }: ValidateExperimentIdsOptions): string[] {
  if (!Array.isArray(experimentIds) || experimentIds.length === 0) {
    throw new InvalidParameterError(`${operation} needs at least one experiment id in experimentIds.`);
  }
  return experimentIds.map((id) => String(id));
}
