import type { Experiment, SearchExperimentsInput } from '@assay/core';

/** Options of `createExperiment`. */
export interface CreateExperimentOptions {
  /** Where runs of this experiment keep artifacts; the store picks one when absent. */
  artifactLocation?: string;
  tags?: Record<string, string>;
}

/** Options of `searchExperiments`. */
export type SearchExperimentsOptions = SearchExperimentsInput;

/** One page of `searchExperiments`. */
export interface SearchExperimentsResult {
  experiments: Experiment[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}
