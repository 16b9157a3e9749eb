// Over 400 lines on purpose: one short method per Store (and RegistryStore) method, each
// validating and delegating to queries/ or writes/; the facade stays whole so
// that the contract's implementation reads in one place.
import { dropUncommittedMarks, keepCommittedMarks } from './local/applied-writes.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  Mutex,
  AssayError,
  createModelPriceTable,
  resolveCreateRun,
  validateAssessmentId,
  validateDeleteModelPrices,
  validateLogAssessments,
  validateSetModelPrices,
  validateUpdateAssessment,
  type Assessment,
  type AssessmentIdInput,
  type DeleteModelPricesInput,
  type ListedModelPrice,
  type LogAssessmentsInput,
  type ModelPriceTable,
  type SetModelPricesInput,
  type UpdateAssessmentInput,
  validateCreateDatasetVersion,
  validateCreateExperiment,
  validateDeleteExperiment,
  validateDeleteTag,
  validateDeleteTraces,
  validateExperimentName,
  validateExperimentTag,
  validateLogBatch,
  validateLogEvaluationRows,
  validateLogRunInputs,
  validateLogSpans,
  validateReadDatasetRows,
  validateReadEvaluationRows,
  validateSqlQuery,
  validateTag,
  validateUpdateRun,
  type CreateDatasetVersionInput,
  type CreateExperimentInput,
  type CreateRunInput,
  type CreateRunOperation,
  type DatasetInfo,
  type DatasetSummary,
  type DeleteExperimentTagInput,
  type DeleteTagInput,
  type DeleteTraceTagInput,
  type DeleteTracesInput,
  type EvaluationRowRecord,
  type Experiment,
  type ExperimentIdInput,
  type ExportDatasetInput,
  type ExportDatasetResult,
  type FileInfo,
  type GetArtifactInput,
  type GetDatasetInput,
  type GetExperimentByNameInput,
  type GetMetricHistoryInput,
  type ImportDatasetFileInput,
  type ListArtifactsInput,
  type ListDatasetsInput,
  type LogBatchInput,
  type LogEvaluationRowsInput,
  type LogRunInputsInput,
  type LogSpansInput,
  type LogSpansResult,
  type Metric,
  type Page,
  type PutArtifactInput,
  type ReadDatasetRowsInput,
  type ReadEvaluationRowsInput,
  type RenameExperimentInput,
  type Run,
  type RunIdInput,
  type RunInfo,
  type SearchExperimentsInput,
  type SearchRunsInput,
  type SearchRunsResult,
  type SearchTracesInput,
  type SearchTracesResult,
  type SetExperimentTagInput,
  type SetTraceTagInput,
  type SqlInput,
  type SqlResult,
  type Store,
  type Trace,
  type TraceIdInput,
  type UpdateRunInput,
  type WriteOperation,
  validateCreateModelVersion,
  validateCreateRegisteredModel,
  validateModelAlias,
  validateModelVersionNumber,
  validateModelVersionStage,
  validateRegisteredModelName,
  validateRegistryDescription,
  validateChangeNote,
  InvalidParameterError,
  validateCreateTransitionRequest,
  validateDecideTransitionRequest,
  validateTransitionRequestId,
  validateCreateWebhook,
  validateUpdateWebhook,
  validateRegistryTag,
  validateTransitionModelVersionStage,
  validateUpdateModelVersion,
  type CreateModelVersionInput,
  type CreateRegisteredModelInput,
  type DeleteModelVersionTagInput,
  type DeleteRegisteredModelTagInput,
  type GetLatestVersionsInput,
  type ModelVersion,
  type ModelVersionInput,
  type RegisteredModel,
  type RegisteredModelAliasInput,
  type RegisteredModelNameInput,
  type RegistryStore,
  type RegistryDeletion,
  type SetRegisteredModelProtectionInput,
  type CreateTransitionRequestInput,
  type DecideTransitionRequestInput,
  type ListTransitionRequestsInput,
  type TransitionRequest,
  type TransitionRequestIdInput,
  type WebhookStore,
  type CreateWebhookInput,
  type UpdateWebhookInput,
  type Webhook,
  type WebhookDelivery,
  type DueWebhookDelivery,
  type WebhookAttemptInput,
  type ListRegistryEventsInput,
  type RegistryEvent,
  type RenameRegisteredModelInput,
  type SearchModelVersionsInput,
  type SearchRegisteredModelsInput,
  type SetModelVersionTagInput,
  type SetRegisteredModelAliasInput,
  type SetRegisteredModelTagInput,
  type TransitionModelVersionStageInput,
  type UpdateModelVersionInput,
  type UpdateRegisteredModelInput,
} from '@assay/core';
import { LocalArtifactRepository } from './artifacts/local-artifact-repository.js';
import { createDatasetVersion } from './datasets/create-dataset-version.js';
import { exportDataset, validateExportDataset } from './datasets/export-dataset.js';
import { importDatasetFile, validateImportDatasetFile } from './datasets/import-dataset-file.js';
import { listDatasets } from './datasets/list-datasets.js';
import { logRunInputs } from './datasets/log-run-inputs.js';
import { readDataset } from './datasets/read-dataset.js';
import { readDatasetRows } from './datasets/read-dataset-rows.js';
import { asDamageError, storeDamagedError } from './duckdb/diagnose-damage.js';
import { openDuckDb, type DuckDbHandle } from './duckdb/open-duckdb.js';
import { readEvaluationRows } from './queries/read-evaluation-rows.js';
import { readExperiments } from './queries/read-experiments.js';
import { readMetricHistory } from './queries/read-metric-history.js';
import { readModelPrices } from './queries/read-model-prices.js';
import { requireAssessment } from './queries/read-assessments.js';
import { readRun } from './queries/read-run.js';
import { readTrace } from './queries/read-trace.js';
import { requireExperiment } from './queries/require-experiment.js';
import { runReadOnlySql } from './queries/run-read-only-sql.js';
import { searchExperiments } from './queries/search-experiments.js';
import { searchRuns } from './queries/search-runs.js';
import { searchTraces } from './queries/search-traces.js';
import { migrate, UnusableSchemaError } from './schema/migrations.js';
import { deleteAssessment, logAssessments, updateAssessment } from './writes/write-assessments.js';
import { deleteModelPrices, setModelPrices } from './writes/write-model-prices.js';
import { applyWrites, createStagingTables, type ApplyWritesOptions, type RejectedTracesByWrite } from './writes/apply-writes.js';
import { createExperiment } from './writes/create-experiment.js';
import { deleteExperiment } from './writes/delete-experiment.js';
import { deleteTraces } from './writes/delete-traces.js';
import { ensureDefaultExperiment } from './writes/ensure-default-experiment.js';
import { renameExperiment } from './writes/rename-experiment.js';
import { restoreExperiment } from './writes/restore-experiment.js';
import { setRunLifecycle } from './writes/set-run-lifecycle.js';
import { writeExperimentTag } from './writes/write-experiment-tag.js';
import { writeTraceTag } from './writes/write-trace-tag.js';
import { forgetSpanWriterState } from './writes/write-spans.js';
import { forgetActiveExperiments } from './writes/active-experiments.js';
import { readDownloadUri } from './registry/read-download-uri.js';
import { listRegistryEvents } from './registry/registry-events.js';
import {
  assertUnprotected,
  createTransitionRequest,
  decideTransitionRequest,
  listTransitionRequests,
  readTransitionRequest,
  setModelProtection,
} from './registry/transition-requests.js';
import {
  createTestDelivery,
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  nextDeliveries,
  readWebhook,
  recordAttempt,
  updateWebhook,
} from './registry/webhooks.js';
import { readModelVersion, readModelVersionByAlias } from './registry/read-model-versions.js';
import { cachedModelVersion } from './registry/version-cache.js';
import { readRegisteredModel } from './registry/read-registered-models.js';
import { searchModelVersions, searchRegisteredModels } from './registry/search-registry.js';
import {
  createModelVersion,
  deleteModelAlias,
  deleteModelVersion,
  setModelAlias,
  transitionModelVersionStage,
  updateModelVersion,
  writeModelVersionTag,
} from './registry/write-model-version.js';
import {
  createRegisteredModel,
  deleteRegisteredModel,
  renameRegisteredModel,
  updateRegisteredModel,
  writeRegisteredModelTag,
} from './registry/write-registered-model.js';

/** A model version's name and number, checked. */
function validModelVersion({ name, version }: ModelVersionInput): { name: string; version: number } {
  return { name: validateRegisteredModelName(name), version: validateModelVersionNumber(version) };
}

export interface DuckDbStoreOptions {
  /** A database file, or `:memory:`. */
  path: string;
  /** Where `mlflow-artifacts:/` artifacts live; default `artifacts/` beside the file (a temp dir for `:memory:`). */
  artifactRoot?: string;
  /** Migrate only up to this schema version (for upgrade tests); default the latest. */
  schemaVersion?: number;
  /** DuckDB's `checkpoint_threshold` (see openDuckDb). */
  checkpointThreshold?: string;
}

/**
 * The Store on one open DuckDB database. It owns the file while open; the
 * multi-process LocalStore opens one of these for short leases. Operations on
 * the connection are serialised, so transactions never interleave. Each
 * method validates its input (core's validation), then runs a query
 * (`queries/`) or a write (`writes/`).
 */
export class DuckDbStore implements Store, RegistryStore, WebhookStore {
  /** logSpans reads span attributes left to `encodings` (see LogSpansInput): Assay's tracer then skips decoding payloads. */
  readonly acceptsSpanEncodings = true;
  // Operations on the connection run one at a time, so transactions never interleave.
  private readonly operations = new Mutex();
  private closed = false;

  private constructor(
    private readonly handle: DuckDbHandle,
    readonly artifacts: LocalArtifactRepository,
    private prices: ModelPriceTable,
  ) {}

  /**
   * The model prices spans are costed with: the built-in table and the
   * store's own, read when the store opens. Only one process holds the file
   * at a time, so no other writer can change them while it is open.
   */
  get modelPrices(): ModelPriceTable {
    return this.prices;
  }

  /**
   * Opens (creating or upgrading as needed) a store. Throws the DuckDB lock
   * error if another process holds the file, and StoreDamagedError for a file
   * that is not a DuckDB database, is damaged, or is not an Assay store.
   */
  static async open(options: DuckDbStoreOptions): Promise<DuckDbStore> {
    let handle: DuckDbHandle;
    try {
      handle = await openDuckDb({ path: options.path, ...(options.checkpointThreshold !== undefined ? { checkpointThreshold: options.checkpointThreshold } : {}) });
    } catch (error) {
      throw asDamageError(error, options.path);
    }
    let prices: ModelPriceTable;
    try {
      const version = await migrate(handle.connection, options.schemaVersion);
      await createStagingTables(handle.connection);
      await ensureDefaultExperiment(handle.connection);
      // Schema 6 added the table; an older schema only exists in upgrade tests.
      prices = createModelPriceTable({ overrides: version >= 6 ? await readModelPrices(handle.connection) : [] });
    } catch (error) {
      handle.closeSync();
      if (error instanceof UnusableSchemaError) throw storeDamagedError({ databasePath: options.path, reason: error.reason });
      throw asDamageError(error, options.path);
    }
    const artifactRoot =
      options.artifactRoot ??
      (options.path === ':memory:'
        ? join(tmpdir(), `assay-memory-${process.pid}-${Math.random().toString(36).slice(2)}`, 'artifacts')
        : join(dirname(options.path), 'artifacts'));
    return new DuckDbStore(handle, new LocalArtifactRepository(artifactRoot), prices);
  }

  /** The connection, for code in this package that needs raw SQL (ingest, bulk loads). */
  get connection(): DuckDBConnection {
    return this.handle.connection;
  }

  /** Runs `work` alone on the connection. */
  exclusive<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.'));
    return this.operations.runExclusive(() => work(this.handle.connection));
  }

  /** Runs `work` alone in a transaction, rolled back if it throws; `afterCommit` runs once it is committed, before any other operation. */
  transaction<T>(work: (connection: DuckDBConnection) => Promise<T>, afterCommit?: (result: T) => void): Promise<T> {
    return this.exclusive(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      try {
        const result = await work(connection);
        await connection.run('COMMIT');
        keepCommittedMarks(connection);
        afterCommit?.(result);
        return result;
      } catch (error) {
        dropUncommittedMarks(connection);
        await connection.run('ROLLBACK');
        // The span writer noted what the rolled-back writes would have stored; the experiments seen active may have been seen inside it.
        forgetSpanWriterState(connection);
        forgetActiveExperiments(connection);
        throw error;
      }
    });
  }

  /** Applies writes in one transaction (see applyWrites). */
  applyWrites(operations: readonly WriteOperation[], options?: ApplyWritesOptions): Promise<RejectedTracesByWrite> {
    return this.transaction((connection) => applyWrites(connection, operations, { prices: this.prices, ...options }));
  }

  // ---------------------------------------------------------------- experiments

  async createExperiment(input: CreateExperimentInput): Promise<string> {
    const valid = validateCreateExperiment(input);
    return this.transaction((connection) => createExperiment(connection, valid));
  }

  getExperiment({ experimentId }: ExperimentIdInput): Promise<Experiment> {
    return this.exclusive((connection) => requireExperiment(connection, { experimentId }));
  }

  async getExperimentByName({ name }: GetExperimentByNameInput): Promise<Experiment | undefined> {
    const [experiment] = await this.exclusive((connection) => readExperiments(connection, { where: 'e.name = $1', values: [String(name)] }));
    return experiment;
  }

  searchExperiments(input?: SearchExperimentsInput): Promise<Page<Experiment>> {
    return this.exclusive((connection) => searchExperiments(connection, input));
  }

  async renameExperiment({ experimentId, newName }: RenameExperimentInput): Promise<void> {
    const name = validateExperimentName(newName);
    await this.transaction((connection) => renameExperiment(connection, { experimentId, name }));
  }

  async deleteExperiment(input: ExperimentIdInput): Promise<void> {
    const experimentId = validateDeleteExperiment(input);
    await this.transaction((connection) => deleteExperiment(connection, { experimentId }));
  }

  async restoreExperiment({ experimentId }: ExperimentIdInput): Promise<void> {
    await this.transaction((connection) => restoreExperiment(connection, { experimentId }));
  }

  async setExperimentTag({ experimentId, key, value }: SetExperimentTagInput): Promise<void> {
    const tag = validateExperimentTag({ key, value });
    await this.transaction((connection) => writeExperimentTag(connection, { experimentId, ...tag }));
  }

  async deleteExperimentTag({ experimentId, key }: DeleteExperimentTagInput): Promise<void> {
    await this.transaction((connection) => writeExperimentTag(connection, { experimentId, key, value: undefined }));
  }

  // ---------------------------------------------------------------------- runs

  /** Validates a createRun input and resolves every default; shared with the LocalStore's spooled path. */
  async prepareRun(input: CreateRunInput, experiment?: Experiment): Promise<CreateRunOperation> {
    const resolved = experiment ?? (await this.getExperiment({ experimentId: input.experimentId }));
    return resolveCreateRun({ input, experiment: resolved });
  }

  async createRun(input: CreateRunInput): Promise<Run> {
    const operation = await this.prepareRun(input);
    if (operation.run.parentRunId !== undefined) await this.getRun({ runId: operation.run.parentRunId });
    await this.applyWrites([operation]);
    return this.getRun({ runId: operation.run.runId });
  }

  async updateRun(input: UpdateRunInput): Promise<RunInfo> {
    await this.applyWrites([validateUpdateRun(input)]);
    return (await this.getRun({ runId: input.runId })).info;
  }

  getRun({ runId }: RunIdInput): Promise<Run> {
    return this.exclusive((connection) => readRun(connection, { runId }));
  }

  async deleteRun({ runId }: RunIdInput): Promise<void> {
    await this.transaction((connection) => setRunLifecycle(connection, { runId, stage: 'deleted' }));
  }

  async restoreRun({ runId }: RunIdInput): Promise<void> {
    await this.transaction((connection) => setRunLifecycle(connection, { runId, stage: 'active' }));
  }

  async logBatch(input: LogBatchInput): Promise<void> {
    await this.applyWrites([validateLogBatch(input)]);
  }

  async deleteTag(input: DeleteTagInput): Promise<void> {
    await this.applyWrites([validateDeleteTag(input)]);
  }

  getMetricHistory(input: GetMetricHistoryInput): Promise<Metric[]> {
    return this.exclusive((connection) => readMetricHistory(connection, input));
  }

  searchRuns(input: SearchRunsInput): Promise<SearchRunsResult> {
    return this.exclusive((connection) => searchRuns(connection, input));
  }

  // -------------------------------------------------------------------- traces

  readonly rejectsOtherExperimentTraces = true;

  async logSpans(input: LogSpansInput): Promise<LogSpansResult> {
    const operation = validateLogSpans(input);
    const rejected = await this.applyWrites([operation]);
    return { rejectedTraces: rejected.get(operation) ?? [] };
  }

  getTrace(input: TraceIdInput): Promise<Trace> {
    return this.exclusive((connection) => readTrace(connection, input));
  }

  searchTraces(input: SearchTracesInput): Promise<SearchTracesResult> {
    return this.exclusive((connection) => searchTraces(connection, input));
  }

  async deleteTraces(input: DeleteTracesInput): Promise<number> {
    const selection = validateDeleteTraces(input);
    return this.transaction((connection) => deleteTraces(connection, selection));
  }

  async setTraceTag({ traceId, key, value }: SetTraceTagInput): Promise<void> {
    const tag = validateTag({ key, value });
    await this.transaction((connection) => writeTraceTag(connection, { traceId, ...tag }));
  }

  async deleteTraceTag({ traceId, key }: DeleteTraceTagInput): Promise<void> {
    await this.transaction((connection) => writeTraceTag(connection, { traceId, key: String(key), value: undefined }));
  }

  // --------------------------------------------------------------- assessments

  async logAssessments(input: LogAssessmentsInput): Promise<Assessment[]> {
    const assessments = validateLogAssessments(input);
    return this.transaction((connection) => logAssessments(connection, assessments));
  }

  async getAssessment(input: AssessmentIdInput): Promise<Assessment> {
    const ids = validateAssessmentId(input);
    return this.exclusive((connection) => requireAssessment(connection, ids));
  }

  async updateAssessment(input: UpdateAssessmentInput): Promise<Assessment> {
    const update = validateUpdateAssessment(input);
    return this.transaction((connection) => updateAssessment(connection, update));
  }

  async deleteAssessment(input: AssessmentIdInput): Promise<void> {
    const ids = validateAssessmentId(input);
    await this.transaction((connection) => deleteAssessment(connection, ids));
  }

  // -------------------------------------------------------------- model prices

  async setModelPrices(input: SetModelPricesInput): Promise<void> {
    const prices = validateSetModelPrices(input);
    await this.changeModelPrices((connection) => setModelPrices(connection, prices));
  }

  async deleteModelPrices(input: DeleteModelPricesInput): Promise<void> {
    const models = validateDeleteModelPrices(input);
    await this.changeModelPrices((connection) => deleteModelPrices(connection, models));
  }

  listModelPrices(): Promise<ListedModelPrice[]> {
    return Promise.resolve(this.prices.list());
  }

  /** Changes the stored prices and the table in use together, so that no span written after the change is costed with the old one. */
  private async changeModelPrices(change: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
    await this.transaction(
      async (connection) => {
        await change(connection);
        return createModelPriceTable({ overrides: await readModelPrices(connection) });
      },
      (prices) => {
        this.prices = prices;
      },
    );
  }

  // ----------------------------------------------------------------- artifacts

  async putArtifact({ runId, path, data }: PutArtifactInput): Promise<void> {
    const run = await this.getRun({ runId });
    await this.artifacts.put(run.info.artifactUri, path, data);
  }

  async getArtifact({ runId, path }: GetArtifactInput): Promise<Uint8Array> {
    const run = await this.getRun({ runId });
    return this.artifacts.get(run.info.artifactUri, path);
  }

  async listArtifacts({ runId, path }: ListArtifactsInput): Promise<FileInfo[]> {
    const run = await this.getRun({ runId });
    return this.artifacts.list(run.info.artifactUri, path);
  }

  // ------------------------------------------------------------------ datasets

  async createDatasetVersion(input: CreateDatasetVersionInput): Promise<DatasetInfo> {
    const valid = validateCreateDatasetVersion(input);
    return this.transaction((connection) => createDatasetVersion(connection, valid));
  }

  async importDatasetFile(input: ImportDatasetFileInput): Promise<DatasetInfo> {
    const valid = await validateImportDatasetFile(input);
    return this.transaction((connection) => importDatasetFile(connection, valid));
  }

  async exportDataset(input: ExportDatasetInput): Promise<ExportDatasetResult> {
    const valid = await validateExportDataset(input);
    return this.exclusive((connection) => exportDataset(connection, valid));
  }

  getDataset(input: GetDatasetInput): Promise<DatasetInfo> {
    return this.exclusive((connection) => readDataset(connection, input));
  }

  listDatasets(input?: ListDatasetsInput): Promise<Page<DatasetSummary>> {
    return this.exclusive((connection) => listDatasets(connection, input));
  }

  async readDatasetRows(input: ReadDatasetRowsInput): Promise<Record<string, unknown>[]> {
    const valid = validateReadDatasetRows(input);
    return this.exclusive((connection) => readDatasetRows(connection, valid));
  }

  async logRunInputs(input: LogRunInputsInput): Promise<void> {
    const valid = validateLogRunInputs(input);
    await this.transaction((connection) => logRunInputs(connection, valid));
  }

  // --------------------------------------------------------------- evaluations

  async logEvaluationRows(input: LogEvaluationRowsInput): Promise<void> {
    await this.applyWrites([validateLogEvaluationRows(input)]);
  }

  async readEvaluationRows(input: ReadEvaluationRowsInput): Promise<EvaluationRowRecord[]> {
    const valid = validateReadEvaluationRows(input);
    return this.exclusive((connection) => readEvaluationRows(connection, valid));
  }

  // ------------------------------------------------------------ model registry

  async createRegisteredModel(input: CreateRegisteredModelInput): Promise<RegisteredModel> {
    const valid = validateCreateRegisteredModel(input);
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      await createRegisteredModel(connection, valid, note);
      return readRegisteredModel(connection, valid.name);
    });
  }

  async getRegisteredModel({ name }: RegisteredModelNameInput): Promise<RegisteredModel> {
    const valid = validateRegisteredModelName(name);
    return this.exclusive((connection) => readRegisteredModel(connection, valid));
  }

  async renameRegisteredModel(input: RenameRegisteredModelInput): Promise<RegisteredModel> {
    const names = { name: validateRegisteredModelName(input?.name), newName: validateRegisteredModelName(input.newName, 'New registered model name') };
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      await renameRegisteredModel(connection, names, note);
      return readRegisteredModel(connection, names.newName);
    });
  }

  async updateRegisteredModel(input: UpdateRegisteredModelInput): Promise<RegisteredModel> {
    const update = { name: validateRegisteredModelName(input?.name), description: validateRegistryDescription(input.description) ?? '' };
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      await updateRegisteredModel(connection, update, note);
      return readRegisteredModel(connection, update.name);
    });
  }

  async deleteRegisteredModel(input: RegistryDeletion<RegisteredModelNameInput>): Promise<void> {
    const valid = validateRegisteredModelName(input?.name);
    const note = validateChangeNote(input);
    await this.transaction((connection) => deleteRegisteredModel(connection, { name: valid }, note));
  }

  searchRegisteredModels(input?: SearchRegisteredModelsInput): Promise<Page<RegisteredModel>> {
    return this.exclusive((connection) => searchRegisteredModels(connection, input));
  }

  async setRegisteredModelTag(input: SetRegisteredModelTagInput): Promise<void> {
    const tag = { name: validateRegisteredModelName(input?.name), ...validateRegistryTag(input.key, input.value) };
    const note = validateChangeNote(input);
    await this.transaction((connection) => writeRegisteredModelTag(connection, tag, note));
  }

  async deleteRegisteredModelTag(input: DeleteRegisteredModelTagInput): Promise<void> {
    const tag = { name: validateRegisteredModelName(input?.name), key: String(input.key), value: undefined };
    const note = validateChangeNote(input);
    await this.transaction((connection) => writeRegisteredModelTag(connection, tag, note));
  }

  async createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion> {
    const valid = validateCreateModelVersion(input);
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      const version = await createModelVersion(connection, valid, note);
      return readModelVersion(connection, { name: valid.name, version });
    });
  }

  async getModelVersion(input: ModelVersionInput): Promise<ModelVersion> {
    const id = validModelVersion(input);
    return this.exclusive((connection) => cachedModelVersion(connection, `${id.name}\u0000${id.version}`, () => readModelVersion(connection, id)));
  }

  async updateModelVersion(input: UpdateModelVersionInput): Promise<ModelVersion> {
    const update = validateUpdateModelVersion(input);
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      await updateModelVersion(connection, update, note);
      return readModelVersion(connection, update);
    });
  }

  async deleteModelVersion(input: RegistryDeletion<ModelVersionInput>): Promise<void> {
    const id = validModelVersion(input);
    const note = validateChangeNote(input);
    await this.transaction((connection) => deleteModelVersion(connection, id, note));
  }

  searchModelVersions(input?: SearchModelVersionsInput): Promise<Page<ModelVersion>> {
    return this.exclusive((connection) => searchModelVersions(connection, input));
  }

  async setModelVersionTag(input: SetModelVersionTagInput): Promise<void> {
    const tag = { ...validModelVersion(input), ...validateRegistryTag(input.key, input.value) };
    const note = validateChangeNote(input);
    await this.transaction((connection) => writeModelVersionTag(connection, tag, note));
  }

  async deleteModelVersionTag(input: DeleteModelVersionTagInput): Promise<void> {
    const tag = { ...validModelVersion(input), key: String(input.key), value: undefined };
    const note = validateChangeNote(input);
    await this.transaction((connection) => writeModelVersionTag(connection, tag, note));
  }

  async getModelVersionDownloadUri(input: ModelVersionInput): Promise<string> {
    const id = validModelVersion(input);
    return this.exclusive((connection) => readDownloadUri(connection, id));
  }

  async transitionModelVersionStage(input: TransitionModelVersionStageInput): Promise<ModelVersion> {
    const transition = validateTransitionModelVersionStage(input);
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      await assertUnprotected(connection, transition.name, 'a stage change');
      await transitionModelVersionStage(connection, transition, note);
      return readModelVersion(connection, transition);
    });
  }

  async getLatestVersions({ name, stages }: GetLatestVersionsInput): Promise<ModelVersion[]> {
    const valid = validateRegisteredModelName(name);
    const wanted = stages === undefined || stages.length === 0 ? undefined : stages.map(validateModelVersionStage);
    return this.exclusive(async (connection) => {
      const latest = (await readRegisteredModel(connection, valid)).latestVersions;
      return wanted === undefined ? latest : latest.filter((version) => wanted.includes(version.currentStage));
    });
  }

  async setRegisteredModelAlias(input: SetRegisteredModelAliasInput): Promise<void> {
    const target = { name: validateRegisteredModelName(input?.name), alias: validateModelAlias(input.alias), version: validateModelVersionNumber(input.version) };
    const note = validateChangeNote(input);
    await this.transaction(async (connection) => {
      await assertUnprotected(connection, target.name, 'moving an alias');
      await setModelAlias(connection, target, note);
    });
  }

  async deleteRegisteredModelAlias(input: RegistryDeletion<RegisteredModelAliasInput>): Promise<void> {
    const target = { name: validateRegisteredModelName(input?.name), alias: String(input.alias) };
    const note = validateChangeNote(input);
    await this.transaction(async (connection) => {
      await assertUnprotected(connection, target.name, 'deleting an alias');
      await deleteModelAlias(connection, target, note);
    });
  }

  async getModelVersionByAlias({ name, alias }: RegisteredModelAliasInput): Promise<ModelVersion> {
    const target = { name: validateRegisteredModelName(name), alias: String(alias) };
    return this.exclusive((connection) => cachedModelVersion(connection, `${target.name}\u0000@${target.alias}`, () => readModelVersionByAlias(connection, target)));
  }

  listRegistryEvents(input: ListRegistryEventsInput): Promise<Page<RegistryEvent>> {
    return this.exclusive((connection) => listRegistryEvents(connection, input));
  }

  async setRegisteredModelProtection(input: SetRegisteredModelProtectionInput): Promise<RegisteredModel> {
    const name = validateRegisteredModelName(input?.name);
    if (typeof input.protected !== 'boolean') throw new InvalidParameterError(`protected must be true or false, got ${JSON.stringify(input.protected)}.`);
    const note = validateChangeNote(input);
    return this.transaction(async (connection) => {
      await setModelProtection(connection, { name, isProtected: input.protected }, note);
      return readRegisteredModel(connection, name);
    });
  }

  async createTransitionRequest(input: CreateTransitionRequestInput): Promise<TransitionRequest> {
    const request = validateCreateTransitionRequest(input);
    return this.transaction(async (connection) => readTransitionRequestEntity(connection, await createTransitionRequest(connection, request)));
  }

  async approveTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest> {
    const decision = validateDecideTransitionRequest(input);
    return this.transaction(async (connection) => {
      await decideTransitionRequest(connection, decision, 'APPROVED');
      return readTransitionRequestEntity(connection, decision.id);
    });
  }

  async rejectTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest> {
    const decision = validateDecideTransitionRequest(input);
    return this.transaction(async (connection) => {
      await decideTransitionRequest(connection, decision, 'REJECTED');
      return readTransitionRequestEntity(connection, decision.id);
    });
  }

  async getTransitionRequest(input: TransitionRequestIdInput): Promise<TransitionRequest> {
    const id = validateTransitionRequestId(input);
    return this.exclusive((connection) => readTransitionRequestEntity(connection, id));
  }

  listTransitionRequests(input?: ListTransitionRequestsInput): Promise<Page<TransitionRequest>> {
    return this.exclusive((connection) => listTransitionRequests(connection, input));
  }

  // ------------------------------------------------------------------ webhooks

  async createWebhook(input: CreateWebhookInput): Promise<Webhook> {
    const valid = validateCreateWebhook(input);
    return this.transaction(async (connection) => readWebhook(connection, await createWebhook(connection, valid)));
  }

  getWebhook({ id }: { id: string }): Promise<Webhook> {
    return this.exclusive((connection) => readWebhook(connection, id));
  }

  listWebhooks(input?: { maxResults?: number; pageToken?: string }): Promise<Page<Webhook>> {
    return this.exclusive((connection) => listWebhooks(connection, input));
  }

  async updateWebhook(input: UpdateWebhookInput): Promise<Webhook> {
    const valid = validateUpdateWebhook(input);
    return this.transaction(async (connection) => {
      await updateWebhook(connection, valid);
      return readWebhook(connection, valid.id);
    });
  }

  async deleteWebhook({ id }: { id: string }): Promise<void> {
    await this.transaction((connection) => deleteWebhook(connection, id));
  }

  createTestWebhookDelivery({ id }: { id: string }): Promise<DueWebhookDelivery> {
    return this.transaction((connection) => createTestDelivery(connection, id));
  }

  nextWebhookDeliveries(input: { now: number; limit: number }): Promise<{ due: DueWebhookDelivery[]; nextDueAt?: number }> {
    return this.exclusive((connection) => nextDeliveries(connection, input));
  }

  recordWebhookAttempt(input: WebhookAttemptInput): Promise<WebhookDelivery> {
    return this.transaction((connection) => recordAttempt(connection, input));
  }

  listWebhookDeliveries(input: { webhookId: string; maxResults?: number; pageToken?: string }): Promise<Page<WebhookDelivery>> {
    return this.exclusive((connection) => listDeliveries(connection, input));
  }

  // ----------------------------------------------------------------------- sql

  async sql(input: SqlInput): Promise<SqlResult> {
    const query = validateSqlQuery(input);
    return this.exclusive((connection) => runReadOnlySql(connection, { query, externalAccess: input.externalAccess !== false }));
  }

  // ----------------------------------------------------------------- lifecycle

  flush(): Promise<void> {
    return this.operations.whenIdle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    // Closing checkpoints the WAL synchronously, blocking the event loop for
    // as long as that takes (~100s of ms after a write burst); a CHECKPOINT
    // first runs that work on DuckDB's threads while the app goes on.
    try {
      await this.exclusive((connection) => connection.run('CHECKPOINT'));
    } catch {
      // Another connection's open transaction can block it; closing checkpoints anyway.
    }
    this.closed = true;
    this.handle.closeSync();
  }

  /** Releases the file at once, e.g. from a process 'exit' handler. */
  closeSync(): void {
    this.closed = true;
    this.handle.closeSync();
  }
}

/** A transition request without the store's key of its model. */
async function readTransitionRequestEntity(connection: DuckDBConnection, id: number): Promise<TransitionRequest> {
  const { modelKey: _modelKey, ...request } = await readTransitionRequest(connection, id);
  return request;
}
