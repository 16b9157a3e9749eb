import type { Tag } from '../entities/metric.js';
import type { CreateExperimentInput } from '../store/experiment-store.js';
import { validateExperimentName, validateExperimentTag } from './validate-entries.js';

/** A checked createExperiment input. */
export interface ValidCreateExperiment {
  /** The experiment's name. */
  name: string;
  /** Its artifact location; the store picks one when absent. */
  artifactLocation?: string;
  /** Its tags, each checked. */
  tags: Tag[];
}

/**
 * Validates a createExperiment input: the name and every tag.
 * @throws InvalidParameterError for a bad name, tag key or tag value.
 */
export function validateCreateExperiment(input: CreateExperimentInput): ValidCreateExperiment {
  const name = validateExperimentName(input?.name);
  const tags = Object.entries(input.tags ?? {}).map(([key, value]) => validateExperimentTag({ key, value }));
  return { name, ...(input.artifactLocation !== undefined ? { artifactLocation: input.artifactLocation } : {}), tags };
}
