import type { ModelVersion, RegisteredModel, TransitionRequest } from '@assay/core';
import { defaultAssay } from '../assay/default-assay.js';
import type {
  CreateTransitionRequestOptions,
  ListRegistryEventsOptions,
  ListRegistryEventsResult,
  ListTransitionRequestsOptions,
  ListTransitionRequestsResult,
  RegisterModelOptions,
  RegistryChangeOptions,
  ResolvedModelUri,
  SearchModelVersionsOptions,
  SearchModelVersionsResult,
  SearchRegisteredModelsOptions,
  SearchRegisteredModelsResult,
  TransitionModelVersionStageOptions,
} from '../registry/registry-options.js';

/**
 * Registers `source` as a new version of the registered model `name`, creating
 * the model when it does not exist (as MLflow's `register_model`), and returns
 * the version. A `runs:/<runId>/<path>` source records its run as the
 * version's lineage (`runId`).
 *
 * Throws an AssayError (NOT_IMPLEMENTED) when the tracking store has no model registry.
 *
 * @example
 * const version = await registerModel(`runs:/${run.id}/model`, 'support-bot', { tags: { team: 'ml' } });
 */
export function registerModel(source: string, name: string, options?: RegisterModelOptions): Promise<ModelVersion> {
  return defaultAssay().registerModel(source, name, options);
}

/** The registered model of this name, with its newest version per stage, tags and aliases; NotFoundError when there is none. */
export function getRegisteredModel(name: string): Promise<RegisteredModel> {
  return defaultAssay().getRegisteredModel(name);
}

/** Finds registered models, e.g. `searchRegisteredModels({ filter: "name LIKE 'chat-%'" })`; one page, by name by default; prompts are left out (see `searchPrompts`). */
export function searchRegisteredModels(options?: SearchRegisteredModelsOptions): Promise<SearchRegisteredModelsResult> {
  return defaultAssay().searchRegisteredModels(options);
}

/** One version of a registered model; NotFoundError (listing the model's versions) when there is none. */
export function getModelVersion(name: string, version: number | string): Promise<ModelVersion> {
  return defaultAssay().getModelVersion(name, version);
}

/** Finds model versions, e.g. `searchModelVersions({ filter: "name = 'chat'" })`; one page, newest first per model. */
export function searchModelVersions(options?: SearchModelVersionsOptions): Promise<SearchModelVersionsResult> {
  return defaultAssay().searchModelVersions(options);
}

/** The version an alias points at; NotFoundError (listing the model's aliases) for an unknown alias. */
export function getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
  return defaultAssay().getModelVersionByAlias(name, alias);
}

/** Points an alias (e.g. `champion`) at a version, moving it from any other version of the model. */
export function setRegisteredModelAlias(name: string, alias: string, version: number | string, options?: RegistryChangeOptions): Promise<void> {
  return defaultAssay().setRegisteredModelAlias(name, alias, version, options);
}

/** Removes an alias from a model; an alias it does not have is a no-op. */
export function deleteRegisteredModelAlias(name: string, alias: string, options?: RegistryChangeOptions): Promise<void> {
  return defaultAssay().deleteRegisteredModelAlias(name, alias, options);
}

/**
 * Moves a version to a stage (None, Staging, Production, Archived; any case)
 * and returns it; with `archiveExistingVersions`, the model's other versions
 * in Staging or Production go to Archived.
 */
export function transitionModelVersionStage(
  name: string,
  version: number | string,
  stage: string,
  options?: TransitionModelVersionStageOptions,
): Promise<ModelVersion> {
  return defaultAssay().transitionModelVersionStage(name, version, stage, options);
}

/** Sets a tag on a registered model. */
export function setRegisteredModelTag(name: string, key: string, value: string, options?: RegistryChangeOptions): Promise<void> {
  return defaultAssay().setRegisteredModelTag(name, key, value, options);
}

/** Sets a tag on a model version. */
export function setModelVersionTag(name: string, version: number | string, key: string, value: string, options?: RegistryChangeOptions): Promise<void> {
  return defaultAssay().setModelVersionTag(name, version, key, value, options);
}

/**
 * Resolves a `models:/` URI to the version it names now, its source and
 * where its files are: `models:/name/3`, `models:/name@champion`,
 * `models:/name/Production` (the newest version in that stage) or
 * `models:/name/latest` (the newest version).
 *
 * @example
 * const { version, downloadUri } = await resolveModelUri('models:/support-bot@champion');
 */
export function resolveModelUri(uri: string): Promise<ResolvedModelUri> {
  return defaultAssay().resolveModelUri(uri);
}

/**
 * Protects a registered model (or, with `false`, lifts the protection): while
 * protected, its stage changes and alias moves fail with PERMISSION_DENIED
 * and go through `createTransitionRequest`, approved by another user.
 * Recorded in the audit log as `options.actor` (default the local user; a
 * server records its signed-in user).
 */
export function setRegisteredModelProtection(name: string, isProtected: boolean, options?: RegistryChangeOptions): Promise<RegisteredModel> {
  return defaultAssay().setRegisteredModelProtection(name, isProtected, options);
}

/**
 * Asks for a stage change (`{ stage }`) or an alias move (`{ alias }`) of a
 * version; another user approves it with `approveTransitionRequest`, which
 * makes the change. The requester is `options.actor`, default the local user.
 *
 * @example
 * const request = await createTransitionRequest('support-bot', 3, { stage: 'Production', archiveExistingVersions: true, comment: 'BLEU +2' });
 */
export function createTransitionRequest(name: string, version: number | string, options: CreateTransitionRequestOptions): Promise<TransitionRequest> {
  return defaultAssay().createTransitionRequest(name, version, options);
}

/** Approves a pending transition request and makes its change as the approver; the requester cannot approve their own (PERMISSION_DENIED). */
export function approveTransitionRequest(id: number | string, options?: RegistryChangeOptions): Promise<TransitionRequest> {
  return defaultAssay().approveTransitionRequest(id, options);
}

/** Rejects a pending transition request without a change (its requester may withdraw it this way). */
export function rejectTransitionRequest(id: number | string, options?: RegistryChangeOptions): Promise<TransitionRequest> {
  return defaultAssay().rejectTransitionRequest(id, options);
}

/**
 * One transition request by its id, whatever its status: e.g. to see whether
 * a request you filed was approved, and by whom, without listing requests.
 * An unknown id throws NotFoundError.
 *
 * @example
 * const { status, decidedBy } = await getTransitionRequest(7);
 */
export function getTransitionRequest(id: number | string): Promise<TransitionRequest> {
  return defaultAssay().getTransitionRequest(id);
}

/** Transition requests, oldest first: the pending ones of every model by default, e.g. `listTransitionRequests({ name: 'support-bot', status: 'APPROVED' })`. */
export function listTransitionRequests(options?: ListTransitionRequestsOptions): Promise<ListTransitionRequestsResult> {
  return defaultAssay().listTransitionRequests(options);
}

/** The audit log of a registered model (or one version with `{ version }`), oldest first: who changed what, when, before → after, and why. */
export function listRegistryEvents(name: string, options?: ListRegistryEventsOptions): Promise<ListRegistryEventsResult> {
  return defaultAssay().listRegistryEvents(name, options);
}
