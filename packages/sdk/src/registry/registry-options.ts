import type { ModelVersion, RegisteredModel, SearchModelVersionsInput, SearchRegisteredModelsInput } from '@assay/core';

/** Options of `registerModel`. */
export interface RegisterModelOptions {
  /** Tags of the new version. */
  tags?: Record<string, string>;
  /** Description of the new version. */
  description?: string;
  /**
   * The run that produced the model, for lineage. Taken from a `runs:/<runId>/<path>`
   * source when absent; given with such a source, it must name the same run.
   */
  runId?: string;
}

/** Options of `searchRegisteredModels`. */
export type SearchRegisteredModelsOptions = SearchRegisteredModelsInput;

/** One page of `searchRegisteredModels`. */
export interface SearchRegisteredModelsResult {
  registeredModels: RegisteredModel[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Options of `searchModelVersions`. */
export type SearchModelVersionsOptions = SearchModelVersionsInput;

/** One page of `searchModelVersions`. */
export interface SearchModelVersionsResult {
  modelVersions: ModelVersion[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Options of `transitionModelVersionStage`. */
export interface TransitionModelVersionStageOptions {
  /** Moving to Staging or Production: move the model's other versions in that stage to Archived. Default false. */
  archiveExistingVersions?: boolean;
}

/** What a `models:/` URI resolved to (see `resolveModelUri`). */
export interface ResolvedModelUri {
  /** The version the URI names now. */
  version: ModelVersion;
  /** The artifact URI it was registered from, e.g. `runs:/<runId>/model`. */
  source: string;
  /** Where its files are: a `runs:/` source resolved to the run's artifact location; any other source as registered. */
  downloadUri: string;
}
