import type { ModelVersion, RegisteredModel, RegistryStore, Store } from '@assay/core';
import { IS_NOT_PROMPT_FILTER } from '../prompts/prompt-tags.js';
import { registerModel } from './register-model.js';
import type {
  RegisterModelOptions,
  ResolvedModelUri,
  SearchModelVersionsOptions,
  SearchModelVersionsResult,
  SearchRegisteredModelsOptions,
  SearchRegisteredModelsResult,
  TransitionModelVersionStageOptions,
} from './registry-options.js';
import { requireRegistryStore } from './require-registry-store.js';
import { resolveModelUri } from './resolve-model-uri.js';

/** Options of `createRegistryClient`. */
export interface CreateRegistryClientOptions {
  /** The tracking URI the store was opened from, named in the error when the store has no registry. */
  trackingUri?: string;
}

/**
 * The model registry of one store, with the API of the module-level
 * registry functions (`registerModel`, `resolveModelUri`, ...), each
 * documented there. For tools that open a store themselves (the CLI);
 * apps use the module-level functions or an `Assay` instance's methods.
 */
export class RegistryClient {
  private constructor(private readonly store: RegistryStore) {}

  /** @internal Use `createRegistryClient`. */
  static of(store: Store, trackingUri: string | undefined): RegistryClient {
    return new RegistryClient(requireRegistryStore(store, trackingUri));
  }

  /** See `registerModel`. */
  registerModel(source: string, name: string, options?: RegisterModelOptions): Promise<ModelVersion> {
    return registerModel(this.store, source, name, options);
  }

  /** See `getRegisteredModel`. */
  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return this.store.getRegisteredModel({ name });
  }

  /** See `searchRegisteredModels`. */
  async searchRegisteredModels(options: SearchRegisteredModelsOptions = {}): Promise<SearchRegisteredModelsResult> {
    // Prompts are registered models too; they are listed by searchPrompts (as MLflow 3 clients do).
    const filter = options.filter === undefined || options.filter.trim() === '' ? IS_NOT_PROMPT_FILTER : `(${options.filter}) AND ${IS_NOT_PROMPT_FILTER}`;
    const page = await this.store.searchRegisteredModels({ ...options, filter });
    return { registeredModels: page.items, ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** See `getModelVersion`. */
  getModelVersion(name: string, version: number | string): Promise<ModelVersion> {
    return this.store.getModelVersion({ name, version });
  }

  /** See `searchModelVersions`. */
  async searchModelVersions(options: SearchModelVersionsOptions = {}): Promise<SearchModelVersionsResult> {
    const page = await this.store.searchModelVersions(options);
    return { modelVersions: page.items, ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** See `getModelVersionByAlias`. */
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return this.store.getModelVersionByAlias({ name, alias });
  }

  /** See `setRegisteredModelAlias`. */
  setRegisteredModelAlias(name: string, alias: string, version: number | string): Promise<void> {
    return this.store.setRegisteredModelAlias({ name, alias, version });
  }

  /** See `deleteRegisteredModelAlias`. */
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return this.store.deleteRegisteredModelAlias({ name, alias });
  }

  /** See `transitionModelVersionStage`. */
  transitionModelVersionStage(name: string, version: number | string, stage: string, options: TransitionModelVersionStageOptions = {}): Promise<ModelVersion> {
    return this.store.transitionModelVersionStage({
      name,
      version,
      stage,
      ...(options.archiveExistingVersions !== undefined ? { archiveExistingVersions: options.archiveExistingVersions } : {}),
    });
  }

  /** See `setRegisteredModelTag`. */
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    return this.store.setRegisteredModelTag({ name, key, value });
  }

  /** See `setModelVersionTag`. */
  setModelVersionTag(name: string, version: number | string, key: string, value: string): Promise<void> {
    return this.store.setModelVersionTag({ name, version, key, value });
  }

  /** See `resolveModelUri`. */
  resolveModelUri(uri: string): Promise<ResolvedModelUri> {
    return resolveModelUri(this.store, uri);
  }
}

/**
 * The model registry of an opened store (see `openStore`).
 * @throws AssayError (NOT_IMPLEMENTED) when the store does not implement the registry, saying which tracking URIs do.
 */
export function createRegistryClient(store: Store, options: CreateRegistryClientOptions = {}): RegistryClient {
  return RegistryClient.of(store, options.trackingUri);
}
