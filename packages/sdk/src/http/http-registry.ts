import type {
  CreateModelVersionInput,
  CreateRegisteredModelInput,
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

const MODELS = '/api/2.0/mlflow/registered-models';
const VERSIONS = '/api/2.0/mlflow/model-versions';

/** How HttpRegistry sends requests: HttpStore's reads (after pending writes) and unsequenced writes. */
export interface RegistryTransport {
  read<T>(request: Omit<HttpRequest, 'idempotent'>): Promise<T>;
  call<T>(request: HttpRequest): Promise<T>;
}

type ModelAnswer = { registered_model: RegisteredModelJson };
type VersionAnswer = { model_version: ModelVersionJson };

/** Optional fields of a JSON body: the defined ones. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * The RegistryStore over a server's MLflow model registry routes
 * (`registered-models/*`, `model-versions/*`): inputs as MLflow's JSON
 * (versions as strings), answers back as entities. The server's errors come
 * back as the AssayErrors its store threw (HttpClient). Registry writes are
 * never spooled: a registration needs its version number back.
 */
export class HttpRegistry implements RegistryStore {
  constructor(private readonly transport: RegistryTransport) {}

  async createRegisteredModel({ name, description, tags }: CreateRegisteredModelInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({
      method: 'POST',
      path: `${MODELS}/create`,
      json: defined({ name, description, tags: tags === undefined ? undefined : toKeyValues(tags) }),
      // A second create of the name would fail (it exists): sent again only when the first surely never arrived.
      idempotent: false,
    });
    return toRegisteredModel(answer.registered_model);
  }

  async getRegisteredModel({ name }: RegisteredModelNameInput): Promise<RegisteredModel> {
    return toRegisteredModel((await this.transport.read<ModelAnswer>({ method: 'GET', path: `${MODELS}/get`, query: { name } })).registered_model);
  }

  async renameRegisteredModel({ name, newName }: RenameRegisteredModelInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({ method: 'POST', path: `${MODELS}/rename`, json: { name, new_name: newName }, idempotent: false });
    return toRegisteredModel(answer.registered_model);
  }

  async updateRegisteredModel({ name, description }: UpdateRegisteredModelInput): Promise<RegisteredModel> {
    const answer = await this.transport.call<ModelAnswer>({ method: 'PATCH', path: `${MODELS}/update`, json: { name, description }, idempotent: true });
    return toRegisteredModel(answer.registered_model);
  }

  async deleteRegisteredModel({ name }: RegisteredModelNameInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${MODELS}/delete`, json: { name }, idempotent: false });
  }

  async searchRegisteredModels(input: SearchRegisteredModelsInput = {}): Promise<Page<RegisteredModel>> {
    const answer = await this.transport.read<{ registered_models?: RegisteredModelJson[]; next_page_token?: string }>({
      method: 'GET',
      path: `${MODELS}/search`,
      query: { filter: input.filter, order_by: input.orderBy, max_results: input.maxResults, page_token: input.pageToken },
    });
    return { items: (answer.registered_models ?? []).map(toRegisteredModel), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async setRegisteredModelTag({ name, key, value }: SetRegisteredModelTagInput): Promise<void> {
    await this.transport.call({ method: 'POST', path: `${MODELS}/set-tag`, json: { name, key, value }, idempotent: true });
  }

  async deleteRegisteredModelTag({ name, key }: DeleteRegisteredModelTagInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${MODELS}/delete-tag`, json: { name, key }, idempotent: true });
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
      }),
      // Sent twice, it would register two versions.
      idempotent: false,
    });
    return toModelVersion(answer.model_version);
  }

  async getModelVersion({ name, version }: ModelVersionInput): Promise<ModelVersion> {
    return toModelVersion((await this.transport.read<VersionAnswer>({ method: 'GET', path: `${VERSIONS}/get`, query: { name, version: String(version) } })).model_version);
  }

  async updateModelVersion({ name, version, description, status, statusMessage }: UpdateModelVersionInput): Promise<ModelVersion> {
    const answer = await this.transport.call<VersionAnswer>({
      method: 'PATCH',
      path: `${VERSIONS}/update`,
      json: defined({ name, version: String(version), description, status, status_message: statusMessage }),
      // A status change succeeds once (PENDING_REGISTRATION only).
      idempotent: status === undefined,
    });
    return toModelVersion(answer.model_version);
  }

  async deleteModelVersion({ name, version }: ModelVersionInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${VERSIONS}/delete`, json: { name, version: String(version) }, idempotent: false });
  }

  async searchModelVersions(input: SearchModelVersionsInput = {}): Promise<Page<ModelVersion>> {
    const answer = await this.transport.read<{ model_versions?: ModelVersionJson[]; next_page_token?: string }>({
      method: 'GET',
      path: `${VERSIONS}/search`,
      query: { filter: input.filter, order_by: input.orderBy, max_results: input.maxResults, page_token: input.pageToken },
    });
    return { items: (answer.model_versions ?? []).map(toModelVersion), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async setModelVersionTag({ name, version, key, value }: SetModelVersionTagInput): Promise<void> {
    await this.transport.call({ method: 'POST', path: `${VERSIONS}/set-tag`, json: { name, version: String(version), key, value }, idempotent: true });
  }

  async deleteModelVersionTag({ name, version, key }: DeleteModelVersionTagInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${VERSIONS}/delete-tag`, json: { name, version: String(version), key }, idempotent: true });
  }

  async getModelVersionDownloadUri({ name, version }: ModelVersionInput): Promise<string> {
    return (await this.transport.read<{ artifact_uri: string }>({ method: 'GET', path: `${VERSIONS}/get-download-uri`, query: { name, version: String(version) } })).artifact_uri;
  }

  async transitionModelVersionStage({ name, version, stage, archiveExistingVersions }: TransitionModelVersionStageInput): Promise<ModelVersion> {
    const answer = await this.transport.call<VersionAnswer>({
      method: 'POST',
      path: `${VERSIONS}/transition-stage`,
      json: defined({ name, version: String(version), stage, archive_existing_versions: archiveExistingVersions }),
      idempotent: true,
    });
    return toModelVersion(answer.model_version);
  }

  async getLatestVersions({ name, stages }: GetLatestVersionsInput): Promise<ModelVersion[]> {
    const answer = await this.transport.read<{ model_versions?: ModelVersionJson[] }>({ method: 'POST', path: `${MODELS}/get-latest-versions`, json: defined({ name, stages }) });
    return (answer.model_versions ?? []).map(toModelVersion);
  }

  async setRegisteredModelAlias({ name, alias, version }: SetRegisteredModelAliasInput): Promise<void> {
    await this.transport.call({ method: 'POST', path: `${MODELS}/alias`, json: { name, alias, version: String(version) }, idempotent: true });
  }

  async deleteRegisteredModelAlias({ name, alias }: RegisteredModelAliasInput): Promise<void> {
    await this.transport.call({ method: 'DELETE', path: `${MODELS}/alias`, json: { name, alias }, idempotent: true });
  }

  async getModelVersionByAlias({ name, alias }: RegisteredModelAliasInput): Promise<ModelVersion> {
    return toModelVersion((await this.transport.read<VersionAnswer>({ method: 'GET', path: `${MODELS}/alias`, query: { name, alias } })).model_version);
  }
}
