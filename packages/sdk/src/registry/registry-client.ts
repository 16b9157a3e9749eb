import type { ModelVersion, RegisteredModel, RegistryChangeNote, RegistryStore, Store, TransitionRequest } from '@assay/core';
import { PromptRegistry, type Prompt, type PromptDiff, type RegisterPromptInput, type SearchPromptsOptions } from '../prompts/prompt-registry.js';
import { IS_NOT_PROMPT_FILTER } from '../prompts/prompt-tags.js';
import type { PromptVersion } from '../prompts/prompt-version.js';
import { defaultActor } from './default-actor.js';
import { registerModel } from './register-model.js';
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
} from './registry-options.js';
import { requireRegistryStore } from './require-registry-store.js';
import { resolveModelUri } from './resolve-model-uri.js';

/** Options of `createRegistryClient`. */
export interface CreateRegistryClientOptions {
  /** The tracking URI the store was opened from, named in the error when the store has no registry. */
  trackingUri?: string;
  /** Who the audit log names for this client's changes; default the user running this process (a server records its signed-in user instead). */
  actor?: string;
}

/**
 * The model registry of one store, with the API of the module-level
 * registry functions (`registerModel`, `resolveModelUri`, ...), each
 * documented there. For tools that open a store themselves (the CLI);
 * apps use the module-level functions or an `Assay` instance's methods.
 */
export class RegistryClient {
  private constructor(
    private readonly store: RegistryStore,
    private readonly actor: string | undefined,
  ) {}

  /** @internal Use `createRegistryClient`. */
  static of(store: Store, trackingUri: string | undefined, actor?: string): RegistryClient {
    return new RegistryClient(requireRegistryStore(store, trackingUri), defaultActor(actor));
  }

  /** The actor and comment a write records: a call's own actor, else this client's. */
  private note(options: RegistryChangeOptions = {}): RegistryChangeNote {
    const actor = options.actor !== undefined && options.actor !== '' ? options.actor : this.actor;
    return { ...(actor !== undefined ? { actor } : {}), ...(options.comment !== undefined ? { comment: options.comment } : {}) };
  }

  /** See `registerModel`. */
  registerModel(source: string, name: string, options: RegisterModelOptions = {}): Promise<ModelVersion> {
    return registerModel(this.store, source, name, { ...options, ...this.note(options) });
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
  setRegisteredModelAlias(name: string, alias: string, version: number | string, options?: RegistryChangeOptions): Promise<void> {
    return this.store.setRegisteredModelAlias({ name, alias, version, ...this.note(options) });
  }

  /** See `deleteRegisteredModelAlias`. */
  deleteRegisteredModelAlias(name: string, alias: string, options?: RegistryChangeOptions): Promise<void> {
    return this.store.deleteRegisteredModelAlias({ name, alias, ...this.note(options) });
  }

  /** See `transitionModelVersionStage`. */
  transitionModelVersionStage(name: string, version: number | string, stage: string, options: TransitionModelVersionStageOptions = {}): Promise<ModelVersion> {
    return this.store.transitionModelVersionStage({
      name,
      version,
      stage,
      ...(options.archiveExistingVersions !== undefined ? { archiveExistingVersions: options.archiveExistingVersions } : {}),
      ...this.note(options),
    });
  }

  /** See `setRegisteredModelTag`. */
  setRegisteredModelTag(name: string, key: string, value: string, options?: RegistryChangeOptions): Promise<void> {
    return this.store.setRegisteredModelTag({ name, key, value, ...this.note(options) });
  }

  /** See `setModelVersionTag`. */
  setModelVersionTag(name: string, version: number | string, key: string, value: string, options?: RegistryChangeOptions): Promise<void> {
    return this.store.setModelVersionTag({ name, version, key, value, ...this.note(options) });
  }

  /** See `resolveModelUri`. */
  resolveModelUri(uri: string): Promise<ResolvedModelUri> {
    return resolveModelUri(this.store, uri);
  }

  // ------------------------------------------------------- approvals and audit

  /** See `setRegisteredModelProtection`. */
  setRegisteredModelProtection(name: string, isProtected: boolean, options?: RegistryChangeOptions): Promise<RegisteredModel> {
    return this.store.setRegisteredModelProtection({ name, protected: isProtected, ...this.note(options) });
  }

  /** See `createTransitionRequest`. */
  createTransitionRequest(name: string, version: number | string, options: CreateTransitionRequestOptions): Promise<TransitionRequest> {
    const { actor, comment } = this.note(options);
    return this.store.createTransitionRequest({
      name,
      version,
      ...(options.stage !== undefined ? { stage: options.stage } : {}),
      ...(options.archiveExistingVersions !== undefined ? { archiveExistingVersions: options.archiveExistingVersions } : {}),
      ...(options.alias !== undefined ? { alias: options.alias } : {}),
      // The store refuses an empty actor, saying a request needs one.
      actor: actor ?? '',
      ...(comment !== undefined ? { comment } : {}),
    });
  }

  /** See `approveTransitionRequest`. */
  approveTransitionRequest(id: number | string, options?: RegistryChangeOptions): Promise<TransitionRequest> {
    const { actor, comment } = this.note(options);
    return this.store.approveTransitionRequest({ id, actor: actor ?? '', ...(comment !== undefined ? { comment } : {}) });
  }

  /** See `rejectTransitionRequest`. */
  rejectTransitionRequest(id: number | string, options?: RegistryChangeOptions): Promise<TransitionRequest> {
    const { actor, comment } = this.note(options);
    return this.store.rejectTransitionRequest({ id, actor: actor ?? '', ...(comment !== undefined ? { comment } : {}) });
  }

  /** See `getTransitionRequest`. */
  getTransitionRequest(id: number | string): Promise<TransitionRequest> {
    return this.store.getTransitionRequest({ id });
  }

  /** See `listTransitionRequests`. */
  async listTransitionRequests(options: ListTransitionRequestsOptions = {}): Promise<ListTransitionRequestsResult> {
    const page = await this.store.listTransitionRequests(options);
    return { requests: page.items, ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** See `listRegistryEvents`. */
  async listRegistryEvents(name: string, options: ListRegistryEventsOptions = {}): Promise<ListRegistryEventsResult> {
    const page = await this.store.listRegistryEvents({ name, ...options });
    return { events: page.items, ...(page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}) };
  }

  // ------------------------------------------------------------------- prompts

  private get prompts(): PromptRegistry {
    return new PromptRegistry(this.store, undefined, this.actor);
  }

  /** See `registerPrompt`. */
  registerPrompt(input: RegisterPromptInput): Promise<PromptVersion> {
    return this.prompts.registerPrompt(input);
  }

  /** See `loadPrompt`. */
  loadPrompt(uriOrName: string, version?: number | string): Promise<PromptVersion> {
    return this.prompts.loadPrompt(uriOrName, version);
  }

  /** See `searchPrompts`. */
  searchPrompts(options?: SearchPromptsOptions): Promise<{ prompts: Prompt[]; nextPageToken?: string }> {
    return this.prompts.searchPrompts(options);
  }

  /** See `setPromptAlias`. */
  setPromptAlias(name: string, alias: string, version: number | string): Promise<void> {
    return this.prompts.setPromptAlias(name, alias, version);
  }

  /** See `diffPromptVersions`. */
  diffPromptVersions(from: string, to: string): Promise<PromptDiff> {
    return this.prompts.diffPromptVersions(from, to);
  }
}

/**
 * The model registry of an opened store (see `openStore`).
 * @throws AssayError (NOT_IMPLEMENTED) when the store does not implement the registry, saying which tracking URIs do.
 */
export function createRegistryClient(store: Store, options: CreateRegistryClientOptions = {}): RegistryClient {
  return RegistryClient.of(store, options.trackingUri, options.actor);
}
