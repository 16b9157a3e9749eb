import type {
  CreateModelVersionInput,
  CreateRegisteredModelInput,
  CreateTransitionRequestInput,
  DecideTransitionRequestInput,
  ListRegistryEventsInput,
  ListTransitionRequestsInput,
  RegistryChangeNote,
  RegistryDeletion,
  RegistryEvent,
  SetRegisteredModelProtectionInput,
  TransitionRequest,
  DeleteModelVersionTagInput,
  DeleteRegisteredModelTagInput,
  GetLatestVersionsInput,
  ModelVersion,
  ModelVersionInput,
  Page,
  RegisteredModel,
  RegisteredModelAliasInput,
  RegisteredModelNameInput,
  RegistryStore,
  RenameRegisteredModelInput,
  TransitionRequestIdInput,
  SearchModelVersionsInput,
  SearchRegisteredModelsInput,
  SetModelVersionTagInput,
  SetRegisteredModelAliasInput,
  SetRegisteredModelTagInput,
  TransitionModelVersionStageInput,
  UpdateModelVersionInput,
  UpdateRegisteredModelInput,
} from '@assay/core';
import type { HttpRequest } from './http-client.js';
import { toModelVersion, toRegisteredModel, type ModelVersionJson, type RegisteredModelJson } from './wire/from-mlflow-registry-json.js';
import { toKeyValues } from './wire/to-wire-json.js';
import { toRegistryEvent, toTransitionRequest, type RegistryEventJson, type TransitionRequestJson } from './wire/from-assay-registry-json.js';

const MODELS = '/api/2.0/mlflow/registered-models';
const VERSIONS = '/api/2.0/mlflow/model-versions';
const ASSAY_MODELS = '/api/assay/v1/registered-models';
const REQUESTS = '/api/assay/v1/transition-requests';

/** How HttpRegistry sends requests: HttpStore's reads (after pending writes) and unsequenced writes. */
export interface RegistryTransport {
  read<T>(request: Omit<HttpRequest, 'idempotent'>): Promise<T>;
  call<T>(request: HttpRequest): Promise<T>;
}

type ModelAnswer = { registered_model: RegisteredModelJson };
type VersionAnswer = { model_version: ModelVersionJson };
type RequestAnswer = { transition_request: TransitionRequestJson };

/** Optional fields of a JSON body: the defined ones. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** Who and why, as every registry write sends them (a server with auth records its signed-in user instead of `actor`). */
function note({ actor, comment }: RegistryChangeNote): Record<string, unknown> {
  return defined({ actor, comment });
}

/**
 * The RegistryStore over a server's MLflow model registry routes
 * (`registered-models/*`, `model-versions/*`) and Assay's routes for the
 * audit log, protection and transition requests: inputs as MLflow's JSON
 * (versions as strings), answers back as entities. The server's errors come
 * back as the AssayErrors its store threw (HttpClient). Registry writes are
 * never spooled: a registration needs its version number back.
 */
export class HttpRegistry implements RegistryStore {
  constructor(private readonly transport: RegistryTransport) {}

  async createRegisteredModel({ name, description, tags, ...change }: CreateRegisteredModelInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({
      method: 'POST',
      path: `${MODELS}/create`,
      json: defined({ name, description, tags: tags === undefined ? undefined : toKeyValues(tags), ...note(change) }),
      // A second create of the name would fail (it exists): sent again only when the first surely never arrived.
      idempotent: false,
    });
    return toRegisteredModel(answer.registered_model);
  }

  async getRegisteredModel({ name }: RegisteredModelNameInput): Promise<RegisteredModel> {
    return toRegisteredModel((await this.transport.read<ModelAnswer>({ method: 'GET', path: `${MODELS}/get`, query: { name } })).registered_model);
  }

  async renameRegisteredModel({ name, newName, ...change }: RenameRegisteredModelInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({ method: 'POST', path: `${MODELS}/rename`, json: { name, new_name: newName, ...note(change) }, idempotent: false });
    return toRegisteredModel(answer.registered_model);
  }

  async updateRegisteredModel({ name, description, ...change }: UpdateRegisteredModelInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({ method: 'PATCH', path: `${MODELS}/update`, json: { name, description, ...note(change) }, idempotent: true });
    return toRegisteredModel(answer.registered_model);
  }

  async deleteRegisteredModel({ name, ...change }: RegistryDeletion<RegisteredModelNameInput>): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${MODELS}/delete`, json: { name, ...note(change) }, idempotent: false });
  }

  async searchRegisteredModels(input: SearchRegisteredModelsInput = {}): Promise<Page<RegisteredModel>> {
    const answer = await this.transport.read<{ registered_models?: RegisteredModelJson[]; next_page_token?: string }>({
      method: 'GET',
      path: `${MODELS}/search`,
      query: { filter: input.filter, order_by: input.orderBy, max_results: input.maxResults, page_token: input.pageToken },
    });
    return { items: (answer.registered_models ?? []).map(toRegisteredModel), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async setRegisteredModelTag({ name, key, value, ...change }: SetRegisteredModelTagInput): Promise<void> {
    await this.transport.call({ method: 'POST', path: `${MODELS}/set-tag`, json: { name, key, value, ...note(change) }, idempotent: true });
  }

  async deleteRegisteredModelTag({ name, key, ...change }: DeleteRegisteredModelTagInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${MODELS}/delete-tag`, json: { name, key, ...note(change) }, idempotent: true });
  }

  async createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion> {
    const answer = await this.transport.call<VersionAnswer>({
      method: 'POST',
      path: `${VERSIONS}/create`,
      json: defined({
        name: input.name,
        source: input.source,
        run_id: input.runId,
        run_link: input.runLink,
        description: input.description,
        tags: input.tags === undefined ? undefined : toKeyValues(input.tags),
        status: input.status,
        status_message: input.statusMessage,
        ...note(input),
      }),
      // Sent twice, it would register two versions.
      idempotent: false,
    });
    return toModelVersion(answer.model_version);
  }

  async getModelVersion({ name, version }: ModelVersionInput): Promise<ModelVersion> {
    return toModelVersion((await this.transport.read<VersionAnswer>({ method: 'GET', path: `${VERSIONS}/get`, query: { name, version: String(version) } })).model_version);
  }

  async updateModelVersion({ name, version, description, status, statusMessage, ...change }: UpdateModelVersionInput): Promise<ModelVersion> {
    const answer = await this.transport.call<VersionAnswer>({
      method: 'PATCH',
      path: `${VERSIONS}/update`,
      json: defined({ name, version: String(version), description, status, status_message: statusMessage, ...note(change) }),
      // A status change succeeds once (PENDING_REGISTRATION only).
      idempotent: status === undefined,
    });
    return toModelVersion(answer.model_version);
  }

  async deleteModelVersion({ name, version, ...change }: RegistryDeletion<ModelVersionInput>): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${VERSIONS}/delete`, json: { name, version: String(version), ...note(change) }, idempotent: false });
  }

  async searchModelVersions(input: SearchModelVersionsInput = {}): Promise<Page<ModelVersion>> {
    const answer = await this.transport.read<{ model_versions?: ModelVersionJson[]; next_page_token?: string }>({
      method: 'GET',
      path: `${VERSIONS}/search`,
      query: { filter: input.filter, order_by: input.orderBy, max_results: input.maxResults, page_token: input.pageToken },
    });
    return { items: (answer.model_versions ?? []).map(toModelVersion), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async setModelVersionTag({ name, version, key, value, ...change }: SetModelVersionTagInput): Promise<void> {
    await this.transport.call({ method: 'POST', path: `${VERSIONS}/set-tag`, json: { name, version: String(version), key, value, ...note(change) }, idempotent: true });
  }

  async deleteModelVersionTag({ name, version, key, ...change }: DeleteModelVersionTagInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${VERSIONS}/delete-tag`, json: { name, version: String(version), key, ...note(change) }, idempotent: true });
  }

  async getModelVersionDownloadUri({ name, version }: ModelVersionInput): Promise<string> {
    return (await this.transport.read<{ artifact_uri: string }>({ method: 'GET', path: `${VERSIONS}/get-download-uri`, query: { name, version: String(version) } })).artifact_uri;
  }

  async transitionModelVersionStage({ name, version, stage, archiveExistingVersions, ...change }: TransitionModelVersionStageInput): Promise<ModelVersion> {
    const answer = await this.transport.call<VersionAnswer>({
      method: 'POST',
      path: `${VERSIONS}/transition-stage`,
      json: defined({ name, version: String(version), stage, archive_existing_versions: archiveExistingVersions, ...note(change) }),
      idempotent: true,
    });
    return toModelVersion(answer.model_version);
  }

  async getLatestVersions({ name, stages }: GetLatestVersionsInput): Promise<ModelVersion[]> {
    const answer = await this.transport.read<{ model_versions?: ModelVersionJson[] }>({ method: 'POST', path: `${MODELS}/get-latest-versions`, json: defined({ name, stages }) });
    return (answer.model_versions ?? []).map(toModelVersion);
  }

  async setRegisteredModelAlias({ name, alias, version, ...change }: SetRegisteredModelAliasInput): Promise<void> {
    await this.transport.call({ method: 'POST', path: `${MODELS}/alias`, json: { name, alias, version: String(version), ...note(change) }, idempotent: true });
  }

  async deleteRegisteredModelAlias({ name, alias, ...change }: RegistryDeletion<RegisteredModelAliasInput>): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${MODELS}/alias`, json: { name, alias, ...note(change) }, idempotent: true });
  }

  async getModelVersionByAlias({ name, alias }: RegisteredModelAliasInput): Promise<ModelVersion> {
    return toModelVersion((await this.transport.read<VersionAnswer>({ method: 'GET', path: `${MODELS}/alias`, query: { name, alias } })).model_version);
  }

  async listRegistryEvents({ name, version, maxResults, pageToken }: ListRegistryEventsInput): Promise<Page<RegistryEvent>> {
    const answer = await this.transport.read<{ events?: RegistryEventJson[]; next_page_token?: string }>({
      method: 'GET',
      path: `${ASSAY_MODELS}/events`,
      query: { name, version: version === undefined ? undefined : String(version), max_results: maxResults, page_token: pageToken },
    });
    return { items: (answer.events ?? []).map(toRegistryEvent), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async setRegisteredModelProtection({ name, protected: isProtected, ...change }: SetRegisteredModelProtectionInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({
      method: 'POST',
      path: `${ASSAY_MODELS}/set-protection`,
      json: { name, protected: isProtected, ...note(change) },
      // Setting what is already set changes nothing (and records nothing).
      idempotent: true,
    });
    return toRegisteredModel(answer.registered_model);
  }

  async createTransitionRequest(input: CreateTransitionRequestInput): Promise<TransitionRequest> {
    const answer = await this.transport.call<RequestAnswer>({
      method: 'POST',
      path: `${REQUESTS}/create`,
      json: defined({
        name: input.name,
        version: String(input.version),
        stage: input.stage,
        alias: input.alias,
        archive_existing_versions: input.archiveExistingVersions,
        ...note(input),
      }),
      // Sent twice, the second would be refused as already pending.
      idempotent: false,
    });
    return toTransitionRequest(answer.transition_request);
  }

  async approveTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest> {
    return this.decide('approve', input);
  }

  async rejectTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest> {
    return this.decide('reject', input);
  }

  async getTransitionRequest({ id }: TransitionRequestIdInput): Promise<TransitionRequest> {
    // The server's store checks the id, so a bad one gets the message a local store gives.
    const answer = await this.transport.read<RequestAnswer>({ method: 'GET', path: `${REQUESTS}/get`, query: { id: String(id) } });
    return toTransitionRequest(answer.transition_request);
  }

  async listTransitionRequests(input: ListTransitionRequestsInput = {}): Promise<Page<TransitionRequest>> {
    const answer = await this.transport.read<{ transition_requests?: TransitionRequestJson[]; next_page_token?: string }>({
      method: 'GET',
      path: REQUESTS,
      query: { name: input.name, status: input.status, max_results: input.maxResults, page_token: input.pageToken },
    });
    return {
      items: (answer.transition_requests ?? []).map(toTransitionRequest),
      ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}),
    };
  }

  private async decide(decision: 'approve' | 'reject', { id, ...change }: DecideTransitionRequestInput): Promise<TransitionRequest> {
    // A decision succeeds once: a second one is refused (the request is no longer pending).
    const answer = await this.transport.call<RequestAnswer>({ method: 'POST', path: `${REQUESTS}/${decision}`, json: { id: String(id), ...note(change) }, idempotent: false });
    return toTransitionRequest(answer.transition_request);
  }
}
