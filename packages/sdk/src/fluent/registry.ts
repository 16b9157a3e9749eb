import type { ModelVersion, RegisteredModel } from '@assay/core';
import { defaultAssay } from '../assay/default-assay.js';
import type {
  RegisterModelOptions,
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
export function setRegisteredModelAlias(name: string, alias: string, version: number | string): Promise<void> {
  return defaultAssay().setRegisteredModelAlias(name, alias, version);
}

/** Removes an alias from a model; an alias it does not have is a no-op. */
export function deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
  return defaultAssay().deleteRegisteredModelAlias(name, alias);
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
export function setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
  return defaultAssay().setRegisteredModelTag(name, key, value);
}

/** Sets a tag on a model version. */
export function setModelVersionTag(name: string, version: number | string, key: string, value: string): Promise<void> {
  return defaultAssay().setModelVersionTag(name, version, key, value);
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
