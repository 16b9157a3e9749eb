import type {
  ModelVersion,
  ModelVersionStage,
  RegisteredModel,
  RegistryEvent,
  SearchModelVersionsInput,
  SearchRegisteredModelsInput,
  TransitionRequest,
  TransitionRequestStatus,
} from '@assay/core';

/** Who makes a registry change and why, recorded in the model's audit log (`listRegistryEvents`). */
export interface RegistryChangeOptions {
  /** The user named in the audit log; default the user running this process. A server records its signed-in user instead. */
  actor?: string;
  /** Why, e.g. `'better BLEU on wmt17'`. */
  comment?: string;
}

/** Options of `registerModel`. */
export interface RegisterModelOptions extends RegistryChangeOptions {
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
export interface TransitionModelVersionStageOptions extends RegistryChangeOptions {
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

/** Options of `createTransitionRequest`: a stage or an alias, not both. */
export interface CreateTransitionRequestOptions extends RegistryChangeOptions {
  /** The stage asked for: None, Staging, Production or Archived (any case). */
  stage?: ModelVersionStage | string;
  /** With a stage of Staging or Production: archive the model's other versions there when approved. */
  archiveExistingVersions?: boolean;
  /** The alias asked to point at the version, e.g. `champion`. */
  alias?: string;
}

/** Options of `listTransitionRequests`. */
export interface ListTransitionRequestsOptions {
  /** One model's requests; default every model's. */
  name?: string;
  /** PENDING (the default), APPROVED, REJECTED or CANCELLED. */
  status?: TransitionRequestStatus;
  /** Page size from 1 to 1000; default 100. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page. */
  pageToken?: string;
}

/** One page of `listTransitionRequests`, oldest first. */
export interface ListTransitionRequestsResult {
  requests: TransitionRequest[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Options of `listRegistryEvents`. */
export interface ListRegistryEventsOptions {
  /** Only the events of this version. */
  version?: number | string;
  /** Page size from 1 to 1000; default 100. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page. */
  pageToken?: string;
}

/** One page of `listRegistryEvents`, oldest first. */
export interface ListRegistryEventsResult {
  events: RegistryEvent[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}
