import type { Page } from '../entities/page.js';
import type { ModelVersion, ModelVersionStage, ModelVersionStatus, RegisteredModel } from '../entities/registered-model.js';
import type { RegistryEvent } from '../entities/registry-event.js';
import type { TransitionRequest, TransitionRequestStatus } from '../entities/transition-request.js';

/**
 * Who makes a registry change and why, recorded in the audit log with it
 * (every write input takes these two fields).
 */
export interface RegistryChangeNote {
  /** The user making the change, at most 256 characters. A server sets its signed-in user here and ignores what a client sends. */
  actor?: string;
  /** Why, e.g. `'better BLEU on wmt17'`; at most 5000 characters. */
  comment?: string;
}

/** Names one registered model: the input of getRegisteredModel and deleteRegisteredModel. */
export interface RegisteredModelNameInput {
  /** The model's name (case-sensitive). */
  name: string;
}

/** Input of RegistryStore.createRegisteredModel. */
export interface CreateRegisteredModelInput extends RegistryChangeNote {
  /** Unique name: non-empty, at most 250 characters, no `/`, `@` or `:` (they separate parts of `models:/name@alias` URIs). */
  name: string;
  /** At most 5000 characters. */
  description?: string;
  /** Tags by key; default none. */
  tags?: Record<string, string>;
}

/** Input of RegistryStore.renameRegisteredModel. */
export interface RenameRegisteredModelInput extends RegistryChangeNote {
  name: string;
  /** Its new name, under the rules of CreateRegisteredModelInput.name, not taken by another model. */
  newName: string;
}

/** Input of RegistryStore.updateRegisteredModel. */
export interface UpdateRegisteredModelInput extends RegistryChangeNote {
  name: string;
  /** The new description; `''` clears it. */
  description: string;
}

/** Input of RegistryStore.searchRegisteredModels. */
export interface SearchRegisteredModelsInput {
  /** e.g. `name LIKE 'chat-%' AND tags.team = 'ml'` (also OR and parentheses); default all. */
  filter?: string;
  /** e.g. `['last_updated_timestamp DESC']`; keys name, creation_timestamp, last_updated_timestamp; default `name ASC`. */
  orderBy?: string[];
  /** Page size from 1 to 1000; default 100. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged; default the first page. */
  pageToken?: string;
}

/** Input of setRegisteredModelTag. */
export interface SetRegisteredModelTagInput extends RegistryChangeNote {
  name: string;
  /** MLflow's key rules, at most 250 characters. */
  key: string;
  /** At most 5000 characters; replaces an existing value. */
  value: string;
}

/** Input of deleteRegisteredModelTag. */
export interface DeleteRegisteredModelTagInput extends RegistryChangeNote {
  name: string;
  key: string;
}

/** Input of RegistryStore.createModelVersion. */
export interface CreateModelVersionInput extends RegistryChangeNote {
  /** The registered model; it must exist. */
  name: string;
  /** The artifact URI of the model, e.g. `runs:/<runId>/model`; non-empty, at most 5000 characters. */
  source: string;
  /** The run that produced it; it must exist in this store. */
  runId?: string;
  /** A link to the run in another tracking server. */
  runLink?: string;
  /** At most 5000 characters. */
  description?: string;
  /** Tags by key; default none. */
  tags?: Record<string, string>;
  /**
   * Default `READY`. `PENDING_REGISTRATION` for a registration that copies
   * artifacts first: it ends with updateModelVersion setting READY or FAILED_REGISTRATION.
   */
  status?: ModelVersionStatus;
  /** What the status means, e.g. why it failed. */
  statusMessage?: string;
}

/** Names one model version. */
export interface ModelVersionInput {
  name: string;
  /** A version number of at least 1 (MLflow sends it as a string; `'3'` is accepted too). */
  version: number | string;
}

/** Input of RegistryStore.updateModelVersion: at least one of description and status. */
export interface UpdateModelVersionInput extends ModelVersionInput, RegistryChangeNote {
  /** The new description; `''` clears it. */
  description?: string;
  /** Only a PENDING_REGISTRATION version's status may change, to READY or FAILED_REGISTRATION. */
  status?: ModelVersionStatus;
  /** Replaces the status message; `''` clears it. */
  statusMessage?: string;
}

/** Input of RegistryStore.searchModelVersions. */
export interface SearchModelVersionsInput {
  /**
   * e.g. `name = 'chat' AND run_id = '...'`; keys name, version_number, run_id, source_path,
   * current_stage, status, creation_timestamp, last_updated_timestamp, and tags.<key>; default all.
   */
  filter?: string;
  /** e.g. `['version_number DESC']`; default `name ASC, version_number DESC`. */
  orderBy?: string[];
  /** Page size from 1 to 200,000; default 10,000. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged. */
  pageToken?: string;
}

/** Input of setModelVersionTag. */
export interface SetModelVersionTagInput extends ModelVersionInput, RegistryChangeNote {
  key: string;
  value: string;
}

/** Input of deleteModelVersionTag. */
export interface DeleteModelVersionTagInput extends ModelVersionInput, RegistryChangeNote {
  key: string;
}

/** Input of RegistryStore.transitionModelVersionStage. */
export interface TransitionModelVersionStageInput extends ModelVersionInput, RegistryChangeNote {
  /** The new stage; case-insensitive (`'production'` is Production). */
  stage: ModelVersionStage | string;
  /** When moving to Staging or Production: move the model's other versions in that stage to Archived. Default false. */
  archiveExistingVersions?: boolean;
}

/** Input of RegistryStore.getLatestVersions. */
export interface GetLatestVersionsInput {
  name: string;
  /** Default every stage. */
  stages?: string[];
}

/** Input of setRegisteredModelAlias. */
export interface SetRegisteredModelAliasInput extends RegistryChangeNote {
  name: string;
  /** e.g. `champion`: letters, digits, `_` and `-`, at most 255 characters, not `latest` nor `v<number>` (they name versions in `models:/` URIs). */
  alias: string;
  /** The version it points at from now on (an alias points at one version). */
  version: number | string;
}

/** Input of deleteRegisteredModelAlias and getModelVersionByAlias. */
export interface RegisteredModelAliasInput {
  name: string;
  alias: string;
}

/** Input of deleteRegisteredModel, deleteModelVersion and deleteRegisteredModelAlias: what to delete, and who and why. */
export type RegistryDeletion<Input> = Input & RegistryChangeNote;

/** Input of RegistryStore.setRegisteredModelProtection. */
export interface SetRegisteredModelProtectionInput extends RegistryChangeNote {
  name: string;
  /** true: its stage changes and alias moves need an approved transition request from now on. */
  protected: boolean;
}

/** Input of RegistryStore.createTransitionRequest: a stage or an alias, not both. */
export interface CreateTransitionRequestInput extends ModelVersionInput {
  /** The stage asked for (case-insensitive). */
  stage?: ModelVersionStage | string;
  /** With a stage of Staging or Production: archive the other versions there when approved. */
  archiveExistingVersions?: boolean;
  /** The alias asked to point at the version. */
  alias?: string;
  /** Who asks: required, as they may not approve it themselves. */
  actor: string;
  /** Why, shown to the approvers. */
  comment?: string;
}

/** Names one transition request: the input of RegistryStore.getTransitionRequest. */
export interface TransitionRequestIdInput {
  /** The request's id (a string of digits is accepted too, as it arrives in a URL). */
  id: number | string;
}

/** Input of approveTransitionRequest and rejectTransitionRequest. */
export interface DecideTransitionRequestInput extends TransitionRequestIdInput {
  /** Who decides: required; for an approval, someone other than the requester. */
  actor: string;
  comment?: string;
}

/** Input of RegistryStore.listTransitionRequests. */
export interface ListTransitionRequestsInput {
  /** One model's requests; default every model's. */
  name?: string;
  /** Default PENDING. */
  status?: TransitionRequestStatus;
  /** Page size from 1 to 1000; default 100. */
  maxResults?: number;
  pageToken?: string;
}

/** Input of RegistryStore.listRegistryEvents. */
export interface ListRegistryEventsInput {
  /** The model: its current name, or the name of a deleted or renamed one (whose history stays readable). */
  name: string;
  /** Only the events of this version. */
  version?: number | string;
  /** Page size from 1 to 1000; default 100. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged. */
  pageToken?: string;
}

/**
 * The model registry (MLflow's): registered models, their numbered
 * versions (each with its source artifact and the run it came from),
 * aliases and stages.
 *
 * A separate capability from Store for now: DuckDbStore, LocalStore and
 * the SDK's HttpStore (over the server's MLflow registry routes) implement it.
 *
 * Every write is recorded in an append-only audit log (listRegistryEvents)
 * in its own transaction, with the `actor` and `comment` of its input.
 *
 * Registry writes never spool: a store that must wait for its database (a
 * local store held by another process) throws StoreBusyError from any of
 * these when the wait times out.
 */
export interface RegistryStore {
  /**
   * Creates a registered model without versions.
   * @throws InvalidParameterError for a bad name, description or tag.
   * @throws AlreadyExistsError when the name is taken.
   */
  createRegisteredModel(input: CreateRegisteredModelInput): Promise<RegisteredModel>;
  /** @throws NotFoundError for an unknown name. */
  getRegisteredModel(input: RegisteredModelNameInput): Promise<RegisteredModel>;
  /**
   * Renames a model; its versions, tags and aliases follow it.
   * @throws NotFoundError for an unknown name. @throws AlreadyExistsError when newName is taken.
   */
  renameRegisteredModel(input: RenameRegisteredModelInput): Promise<RegisteredModel>;
  /** Sets the description. @throws NotFoundError for an unknown name. */
  updateRegisteredModel(input: UpdateRegisteredModelInput): Promise<RegisteredModel>;
  /** Deletes a model with its versions, tags and aliases. @throws NotFoundError for an unknown name. */
  deleteRegisteredModel(input: RegistryDeletion<RegisteredModelNameInput>): Promise<void>;
  /**
   * One page of models matching a filter.
   * @throws InvalidParameterError (SearchSyntaxError for filter and orderBy) for a bad filter, orderBy, maxResults or pageToken.
   */
  searchRegisteredModels(input?: SearchRegisteredModelsInput): Promise<Page<RegisteredModel>>;
  /** @throws NotFoundError for an unknown model. */
  setRegisteredModelTag(input: SetRegisteredModelTagInput): Promise<void>;
  /** A key the model does not have is a no-op. @throws NotFoundError for an unknown model. */
  deleteRegisteredModelTag(input: DeleteRegisteredModelTagInput): Promise<void>;

  /**
   * Registers a new version: the model's highest version number so far plus
   * one, given in the write transaction, so concurrent registrations (from
   * several processes too) get distinct numbers without gaps.
   * @throws NotFoundError for an unknown model or run. @throws InvalidParameterError for a bad source, status, description or tag.
   */
  createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion>;
  /** @throws NotFoundError for an unknown model or version. */
  getModelVersion(input: ModelVersionInput): Promise<ModelVersion>;
  /**
   * Changes description and/or status.
   * @throws ConflictError for a status change of a version that is not PENDING_REGISTRATION.
   */
  updateModelVersion(input: UpdateModelVersionInput): Promise<ModelVersion>;
  /** Deletes one version and the aliases that pointed at it; its number is not reused. */
  deleteModelVersion(input: RegistryDeletion<ModelVersionInput>): Promise<void>;
  /** One page of versions matching a filter. */
  searchModelVersions(input?: SearchModelVersionsInput): Promise<Page<ModelVersion>>;
  setModelVersionTag(input: SetModelVersionTagInput): Promise<void>;
  /** A key the version does not have is a no-op. */
  deleteModelVersionTag(input: DeleteModelVersionTagInput): Promise<void>;
  /**
   * Where the version's files are: for a `runs:/<runId>/<path>` source, the
   * run's artifact URI joined with the path; any other source as registered.
   */
  getModelVersionDownloadUri(input: ModelVersionInput): Promise<string>;
  /**
   * Moves a version to a stage; with archiveExistingVersions (Staging or
   * Production only), the model's other versions in that stage go to Archived.
   * @throws InvalidParameterError for an unknown stage, or archiveExistingVersions with None or Archived.
   */
  transitionModelVersionStage(input: TransitionModelVersionStageInput): Promise<ModelVersion>;
  /** The newest version in each of the stages asked (all by default), by stage order. */
  getLatestVersions(input: GetLatestVersionsInput): Promise<ModelVersion[]>;

  /**
   * Points an alias at a version, moving it from any other version.
   * @throws NotFoundError for an unknown model or version. @throws InvalidParameterError for a bad alias.
   */
  setRegisteredModelAlias(input: SetRegisteredModelAliasInput): Promise<void>;
  /** Removes an alias; an alias the model does not have is a no-op. @throws NotFoundError for an unknown model. */
  deleteRegisteredModelAlias(input: RegistryDeletion<RegisteredModelAliasInput>): Promise<void>;
  /** The version an alias points at. @throws NotFoundError for an unknown model or alias. */
  getModelVersionByAlias(input: RegisteredModelAliasInput): Promise<ModelVersion>;

  /**
   * The audit log of one model (or one of its versions), oldest first: every
   * registry change with who, when, before → after and the comment.
   * @throws NotFoundError when no model of that name exists or ever existed.
   */
  listRegistryEvents(input: ListRegistryEventsInput): Promise<Page<RegistryEvent>>;

  /**
   * Protects a model (or lifts the protection): while protected, its stage
   * changes and alias moves fail with PERMISSION_DENIED and go through
   * transition requests instead. A server lets only MANAGE call this.
   */
  setRegisteredModelProtection(input: SetRegisteredModelProtectionInput): Promise<RegisteredModel>;
  /**
   * Asks for a stage change or alias move of a version (of any model; on an
   * unprotected one, approval is just a second pair of eyes).
   * @throws InvalidParameterError without an actor, or with neither or both of stage and alias.
   * @throws AlreadyExistsError when the same change is already pending.
   */
  createTransitionRequest(input: CreateTransitionRequestInput): Promise<TransitionRequest>;
  /**
   * Approves a pending request and makes its change, in one transaction.
   * @throws AssayError PERMISSION_DENIED when the actor made the request.
   * @throws ConflictError when it is no longer pending.
   */
  approveTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest>;
  /** Rejects a pending request (its requester may withdraw it this way). @throws ConflictError when it is no longer pending. */
  rejectTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest>;
  /**
   * One request by id, whatever its status: what a reviewer opens from a
   * link, and how a server finds the model a request belongs to without
   * listing every request.
   * @throws InvalidParameterError for an id that is not a positive integer.
   * @throws NotFoundError for an unknown id.
   */
  getTransitionRequest(input: TransitionRequestIdInput): Promise<TransitionRequest>;
  /** Requests, oldest first: pending ones by default. */
  listTransitionRequests(input?: ListTransitionRequestsInput): Promise<Page<TransitionRequest>>;
}

/** Every RegistryStore method, once (a Record, so that a method added to the interface must be added here). */
const REGISTRY_METHODS: Record<keyof RegistryStore, true> = {
  createRegisteredModel: true,
  getRegisteredModel: true,
  renameRegisteredModel: true,
  updateRegisteredModel: true,
  deleteRegisteredModel: true,
  searchRegisteredModels: true,
  setRegisteredModelTag: true,
  deleteRegisteredModelTag: true,
  createModelVersion: true,
  getModelVersion: true,
  updateModelVersion: true,
  deleteModelVersion: true,
  searchModelVersions: true,
  setModelVersionTag: true,
  deleteModelVersionTag: true,
  getModelVersionDownloadUri: true,
  transitionModelVersionStage: true,
  getLatestVersions: true,
  setRegisteredModelAlias: true,
  deleteRegisteredModelAlias: true,
  getModelVersionByAlias: true,
  listRegistryEvents: true,
  setRegisteredModelProtection: true,
  createTransitionRequest: true,
  approveTransitionRequest: true,
  rejectTransitionRequest: true,
  getTransitionRequest: true,
  listTransitionRequests: true,
};

/** The names of RegistryStore's methods. */
export const REGISTRY_STORE_METHODS = Object.keys(REGISTRY_METHODS) as (keyof RegistryStore)[];

/**
 * True when `store` implements the model registry (RegistryStore): a store
 * that does not (e.g. a client of a server without the registry routes) is
 * told apart before a call fails halfway.
 */
export function isRegistryStore(store: unknown): store is RegistryStore {
  return hasMethods(store, REGISTRY_STORE_METHODS);
}

/** True when `value` is an object with a function under each of `methods`. */
export function hasMethods(value: unknown, methods: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return methods.every((method) => typeof candidate[method] === 'function');
}
