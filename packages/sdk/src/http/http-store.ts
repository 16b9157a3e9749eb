import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  createdRun,
  toEvaluationRowJson,
  AssayError,
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  InvalidParameterError,
  normalizeArtifactPath,
  resolveCreateRun,
  resolveDatasetFileFormat,
  splitPackedSpanRows,
  validateAssessmentId,
  validateCreateDatasetVersion,
  validateCreateExperiment,
  validateDatasetMetadata,
  validateDatasetName,
  validateDatasetVersion,
  validateDeleteModelPrices,
  validateDeleteTag,
  validateDeleteTraces,
  validateExperimentName,
  validateExperimentTag,
  validateLogAssessments,
  validateLogBatch,
  validateLogEvaluationRows,
  validateLogRunInputs,
  validateLogSpans,
  validateReadDatasetRows,
  validateReadEvaluationRows,
  validateSetModelPrices,
  validateUpdateAssessment,
  validateUpdateRun,
  type ArtifactFileStore,
  type Assessment,
  type AssessmentIdInput,
  type CreateDatasetVersionInput,
  type CreateExperimentInput,
  type CreateRunInput,
  type DatasetInfo,
  type DatasetSummary,
  type DeleteExperimentTagInput,
  type DeleteModelPricesInput,
  type DeleteTagInput,
  type DeleteTraceTagInput,
  type DeleteTracesInput,
  type EvaluationRowRecord,
  type Experiment,
  type ExperimentIdInput,
  type ExportDatasetInput,
  type ExportDatasetResult,
  type FileInfo,
  type GetArtifactFileInput,
  type GetArtifactInput,
  type GetDatasetInput,
  type GetExperimentByNameInput,
  type GetMetricHistoryInput,
  type ImportDatasetFileInput,
  type ListArtifactsInput,
  type ListDatasetsInput,
  type ListedModelPrice,
  type LogAssessmentsInput,
  type LogBatchInput,
  type LogEvaluationRowsInput,
  type LogRunInputsInput,
  type LogSpansInput,
  type Metric,
  type Page,
  type PutArtifactFileInput,
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
  type SetModelPricesInput,
  type SetTraceTagInput,
  type SqlInput,
  type SqlResult,
  type CreateModelVersionInput,
  type CreateRegisteredModelInput,
  type CreateTransitionRequestInput,
  type DecideTransitionRequestInput,
  type ListRegistryEventsInput,
  type ListTransitionRequestsInput,
  type TransitionRequestIdInput,
  type RegistryEvent,
  type SetRegisteredModelProtectionInput,
  type TransitionRequest,
  type DeleteModelVersionTagInput,
  type DeleteRegisteredModelTagInput,
  type GetLatestVersionsInput,
  type ModelVersion,
  type ModelVersionInput,
  type RegisteredModel,
  type RegisteredModelAliasInput,
  type RegisteredModelNameInput,
  type RegistryStore,
  type RenameRegisteredModelInput,
  type SearchModelVersionsInput,
  type SearchRegisteredModelsInput,
  type SetModelVersionTagInput,
  type SetRegisteredModelAliasInput,
  type SetRegisteredModelTagInput,
  type TransitionModelVersionStageInput,
  type UpdateModelVersionInput,
  type UpdateRegisteredModelInput,
  type Store,
  type SyncWriter,
  type Trace,
  type TraceIdInput,
  type UpdateAssessmentInput,
  type UpdateRunInput,
  type WriteOperation,
} from '@assay/core';
import { trackingAuthHeaders } from '../config/tracking-auth-headers.js';
import { saveOpenStoresAtExit } from '../process/save-open-stores-at-exit.js';
import { HttpClient, type HttpRequest } from './http-client.js';
import { HttpRegistry } from './http-registry.js';
import { RemoteEntities } from './remote-entities.js';
import type { RetryOptions } from './retry-policy.js';
import { ServerUnreachableError } from './server-errors.js';
import { defaultSpoolDirectory, ServerSpool } from './server-spool.js';
import { WriteSender, type SpoolStatus, type WriteAck } from './write-sender.js';
import { toDatasetInfo, toDatasetSummary, toEvaluationRow, toListedModelPrice, toTrace, toTraceInfo, type DatasetJson, type EvaluationRowJson, type ModelPriceJson, type SpanJson, type TraceInfoJson } from './wire/from-assay-json.js';
import {
  toAssessment,
  toExperiment,
  toFileInfo,
  toMetric,
  toRun,
  toRunInfo,
  type AssessmentJson,
  type ExperimentJson,
  type FileInfoJson,
  type MetricJson,
  type RunJson,
} from './wire/from-mlflow-json.js';
import { packedSpansOf, toKeyValues, toNewAssessmentJson } from './wire/to-wire-json.js';

const MLFLOW = '/api/2.0/mlflow';
const MLFLOW_V3 = '/api/3.0/mlflow';
const ASSAY = '/api/assay/v1';
const ARTIFACT_PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const PROXY_SCHEME = 'mlflow-artifacts:';
/** MLflow's largest metric-history page. */
const HISTORY_PAGE = 25_000;
/** A logSpans or logEvaluationRows write larger than this (characters of JSON) is sent as several writes. */
const MAX_WRITE_CHARACTERS = 4_000_000;

/** Options of HttpStore.open. */
export interface HttpStoreOptions {
  /** The server's URL, e.g. `http://127.0.0.1:5000` (`http:` or `https:`; a path prefix is kept). */
  url: string;
  /**
   * Headers sent with every request. Default: `trackingAuthHeaders()`, the
   * `Authorization` of ASSAY_TRACKING_TOKEN, or of ASSAY_TRACKING_USERNAME
   * and ASSAY_TRACKING_PASSWORD.
   */
  headers?: Record<string, string>;
  /**
   * Where writes wait while the server cannot be reached. Default:
   * `$ASSAY_HTTP_SPOOL_DIR/<server>`, else `~/.assay/http-spool/<server>`.
   */
  spoolDirectory?: string;
  /** Retries of requests that failed for a passing reason (network errors, 429, 503). Default 5 tries over about 4 s. */
  retry?: RetryOptions;
  /** Milliseconds before a request (not a file transfer) is abandoned and tried again. Default 60,000. */
  timeoutMs?: number;
  /** The fetch to use; default the global one. */
  fetch?: typeof globalThis.fetch;
}

/** The Default experiment as a server's store has it: what a new run in it needs while the server cannot be reached. */
function defaultExperiment(): Experiment {
  return {
    experimentId: DEFAULT_EXPERIMENT_ID,
    name: DEFAULT_EXPERIMENT_NAME,
    artifactLocation: `${PROXY_SCHEME}/${DEFAULT_EXPERIMENT_ID}`,
    lifecycleStage: 'active',
    creationTime: 0,
    lastUpdateTime: 0,
    tags: {},
  };
}

function isNotFound(error: unknown): boolean {
  return AssayError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST';
}

function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** A local file as a request body, opened again for each try. */
function fileBody(path: string): { make: () => ReadableStream<Uint8Array>; contentType: string } {
  return { make: () => Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>, contentType: 'application/octet-stream' };
}

/** Writes a response body to `path` whole or not at all (a temporary file beside it, renamed). */
async function saveBody(response: Response, path: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    const body = response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(body, createWriteStream(temporary, { flags: 'wx' }));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** At process exit, every open store spools what it was given and the server has not acknowledged (a write in flight too). */
const openStores = saveOpenStoresAtExit<HttpStore>((store) => store.url);

/**
 * The Store contract against an Assay server (`assay server`), over its HTTP
 * API: MLflow's REST routes where they carry the Store's data exactly
 * (experiments, runs, metric history, artifacts through the artifact proxy,
 * trace tags and deletion, assessments), Assay's own (`/api/assay/v1/...`)
 * for the rest. Inputs are validated here first, with the same functions and
 * messages as a local store, so that nothing invalid is sent or spooled.
 *
 * Writes of runs, metrics, params, tags, spans and evaluation rows carry this
 * store's writer id and a sequence number (`POST /api/assay/v1/writes`): the
 * server applies each once however often it arrives, so they are retried
 * freely, and while the server is out of reach they are kept in a durable
 * spool and sent, in order, when it is back (see WriteSender). Reads and the
 * other writes are retried when that is safe (reads, idempotent writes, and
 * requests that surely never arrived) and otherwise fail with the server's
 * error, or StoreBusyError when it cannot be reached.
 *
 * Loads neither DuckDB nor the local store: a process that only talks to a
 * server never does.
 */
export class HttpStore implements Store, RegistryStore, SyncWriter, ArtifactFileStore {
  /** Writes given to this store are its to save from then on: at process exit, writeSync spools those not yet acknowledged. */
  readonly ownsPendingWrites = true;
  /** The server's URL. */
  readonly url: string;
  private readonly client: HttpClient;
  private readonly writes: WriteSender;
  private readonly known = new RemoteEntities();
  private readonly registry = new HttpRegistry({ read: (request) => this.read(request), call: (request) => this.call(request) });
  private closed = false;

  private constructor(url: string, options: HttpStoreOptions) {
    this.url = url;
    this.client = new HttpClient({
      url,
      headers: options.headers ?? trackingAuthHeaders(),
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
    });
    const spool = new ServerSpool(resolve(options.spoolDirectory ?? defaultSpoolDirectory(url)), randomUUID());
    this.writes = new WriteSender({ client: this.client, spool });
  }

  /**
   * A store for the server at `url`. Nothing is sent until it is used.
   * @throws InvalidParameterError for a URL that is not `http(s)://host[:port]`, or for auth environment variables set wrongly.
   */
  static open(options: HttpStoreOptions): Promise<HttpStore> {
    try {
      let parsed: URL;
      try {
        parsed = new URL(options.url);
      } catch (error) {
        throw new InvalidParameterError(`Invalid server URL '${options.url}': give one like 'http://127.0.0.1:5000'.`, { cause: error });
      }
      if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
        throw new InvalidParameterError(`Invalid server URL '${options.url}': give one like 'http://127.0.0.1:5000' (http or https).`);
      }
      const store = new HttpStore(parsed.href.replace(/\/+$/u, ''), options);
      openStores.add(store);
      return Promise.resolve(store);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  // ------------------------------------------------------------- plumbing

  private assertOpen(): void {
    if (this.closed) throw new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.');
  }

  /** A read: after the writes made before it are acknowledged (and sent, when some wait in the spool and the server is back), so that it sees them. */
  private async read<T>(request: Omit<HttpRequest, 'idempotent'>): Promise<T> {
    this.assertOpen();
    await this.writes.beforeRead();
    return this.client.json<T>({ ...request, idempotent: true });
  }

  /** A write that is not sequenced; `idempotent` says whether it may be sent again after a failure that leaves its outcome unknown. */
  private async call<T>(request: HttpRequest): Promise<T> {
    this.assertOpen();
    await this.writes.barrier();
    return this.client.json<T>(request);
  }

  /** Sends a sequenced write (see WriteSender). */
  private send(operation: WriteOperation): Promise<WriteAck> {
    this.assertOpen();
    return this.writes.send(operation);
  }

  /** The writer id the server knows this store's sequenced writes by (also the name of its folder in the spool). */
  get writer(): string {
    return this.writes.writer;
  }

  /** What waits in the spool for the server: this store's writes, and adopted ones of ended processes. */
  spoolStatus(): SpoolStatus {
    return this.writes.status();
  }

  // ------------------------------------------------------------ experiments

  async createExperiment(input: CreateExperimentInput): Promise<string> {
    const valid = validateCreateExperiment(input);
    const answer = await this.call<{ experiment_id: string }>({
      method: 'POST',
      path: `${MLFLOW}/experiments/create`,
      json: {
        name: valid.name,
        ...(input.artifactLocation !== undefined ? { artifact_location: input.artifactLocation } : {}),
        ...(input.tags !== undefined ? { tags: toKeyValues(input.tags) } : {}),
      },
      // A second create of the name would fail (it exists): sent again only when the first surely never arrived.
      idempotent: false,
    });
    return answer.experiment_id;
  }

  async getExperiment({ experimentId }: ExperimentIdInput): Promise<Experiment> {
    this.assertOpen();
    const answer = await this.client.json<{ experiment: ExperimentJson }>({
      method: 'GET',
      path: `${MLFLOW}/experiments/get`,
      query: { experiment_id: String(experimentId) },
      idempotent: true,
    });
    const experiment = toExperiment(answer.experiment);
    this.known.rememberExperiment(experiment);
    return experiment;
  }

  async getExperimentByName({ name }: GetExperimentByNameInput): Promise<Experiment | undefined> {
    this.assertOpen();
    try {
      const answer = await this.client.json<{ experiment: ExperimentJson }>({
        method: 'GET',
        path: `${MLFLOW}/experiments/get-by-name`,
        query: { experiment_name: String(name) },
        idempotent: true,
      });
      const experiment = toExperiment(answer.experiment);
      this.known.rememberExperiment(experiment);
      return experiment;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async searchExperiments(input: SearchExperimentsInput = {}): Promise<Page<Experiment>> {
    const answer = await this.read<{ experiments?: ExperimentJson[]; next_page_token?: string }>({
      method: 'POST',
      path: `${MLFLOW}/experiments/search`,
      json: {
        ...(input.filter !== undefined ? { filter: input.filter } : {}),
        ...(input.orderBy !== undefined ? { order_by: input.orderBy } : {}),
        ...(input.maxResults !== undefined ? { max_results: input.maxResults } : {}),
        ...(input.pageToken !== undefined ? { page_token: input.pageToken } : {}),
        ...(input.viewType !== undefined ? { view_type: input.viewType } : {}),
      },
    });
    return { items: (answer.experiments ?? []).map(toExperiment), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async renameExperiment({ experimentId, newName }: RenameExperimentInput): Promise<void> {
    const name = validateExperimentName(newName);
    this.known.forgetExperiment(experimentId);
    await this.call({ method: 'POST', path: `${MLFLOW}/experiments/update`, json: { experiment_id: String(experimentId), new_name: name }, idempotent: true });
  }

  async deleteExperiment({ experimentId }: ExperimentIdInput): Promise<void> {
    this.known.forgetExperiment(experimentId);
    await this.call({ method: 'POST', path: `${MLFLOW}/experiments/delete`, json: { experiment_id: String(experimentId) }, idempotent: true });
  }

  async restoreExperiment({ experimentId }: ExperimentIdInput): Promise<void> {
    this.known.forgetExperiment(experimentId);
    await this.call({ method: 'POST', path: `${MLFLOW}/experiments/restore`, json: { experiment_id: String(experimentId) }, idempotent: true });
  }

  async setExperimentTag({ experimentId, key, value }: SetExperimentTagInput): Promise<void> {
    validateExperimentTag({ key, value });
    await this.call({ method: 'POST', path: `${MLFLOW}/experiments/set-experiment-tag`, json: { experiment_id: String(experimentId), key, value }, idempotent: true });
  }

  async deleteExperimentTag({ experimentId, key }: DeleteExperimentTagInput): Promise<void> {
    await this.call({ method: 'POST', path: `${MLFLOW}/experiments/delete-experiment-tag`, json: { experiment_id: String(experimentId), key }, idempotent: true });
  }

  // ------------------------------------------------------------------- runs

  /**
   * The experiment of a new run: known, else read; while the server cannot
   * be reached, the Default experiment (which every store has) still takes
   * runs, whose writes are spooled.
   */
  private async experimentOfNewRun(experimentId: string): Promise<Experiment> {
    const known = this.known.experiment(experimentId);
    if (known !== undefined) return known;
    try {
      return await this.getExperiment({ experimentId });
    } catch (error) {
      if (experimentId === DEFAULT_EXPERIMENT_ID && error instanceof ServerUnreachableError) return defaultExperiment();
      throw error;
    }
  }

  async createRun(input: CreateRunInput): Promise<Run> {
    this.assertOpen();
    const experiment = await this.experimentOfNewRun(String(input?.experimentId));
    const operation = resolveCreateRun({ input, experiment });
    const ack = await this.send(operation);
    const run = ack.kind === 'applied' && ack.result.run !== undefined ? toRun(ack.result.run) : createdRun(operation.run);
    this.known.rememberRun(run.info);
    return run;
  }

  async updateRun(input: UpdateRunInput): Promise<RunInfo> {
    const operation = validateUpdateRun(input);
    // Known, else read: an update acknowledged by the spool is answered from what is known.
    const known = this.known.run(operation.runId) ?? (await this.getRun({ runId: operation.runId })).info;
    const ack = await this.send(operation);
    if (ack.kind === 'applied' && ack.result.run_info !== undefined) {
      const parent = ack.result.parent_run_id;
      const info = toRunInfo(ack.result.run_info, parent !== undefined ? { 'mlflow.parentRunId': parent } : {});
      this.known.rememberRun(info);
      return info;
    }
    return this.known.updated(known, operation);
  }

  async getRun({ runId }: RunIdInput): Promise<Run> {
    const answer = await this.read<{ run: RunJson }>({ method: 'GET', path: `${MLFLOW}/runs/get`, query: { run_id: String(runId) } });
    const run = toRun(answer.run);
    this.known.rememberRun(run.info);
    return run;
  }

  async deleteRun({ runId }: RunIdInput): Promise<void> {
    this.known.forgetRun(runId);
    await this.call({ method: 'POST', path: `${MLFLOW}/runs/delete`, json: { run_id: String(runId) }, idempotent: true });
  }

  async restoreRun({ runId }: RunIdInput): Promise<void> {
    this.known.forgetRun(runId);
    await this.call({ method: 'POST', path: `${MLFLOW}/runs/restore`, json: { run_id: String(runId) }, idempotent: true });
  }

  async logBatch(input: LogBatchInput): Promise<void> {
    await this.send(validateLogBatch(input));
  }

  async deleteTag(input: DeleteTagInput): Promise<void> {
    await this.send(validateDeleteTag(input));
  }

  async getMetricHistory({ runId, key }: GetMetricHistoryInput): Promise<Metric[]> {
    const points: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const answer = await this.read<{ metrics?: MetricJson[]; next_page_token?: string }>({
        method: 'GET',
        path: `${MLFLOW}/metrics/get-history`,
        query: { run_id: String(runId), metric_key: String(key), max_results: HISTORY_PAGE, page_token: pageToken },
      });
      points.push(...(answer.metrics ?? []).map(toMetric));
      pageToken = answer.next_page_token;
    } while (pageToken !== undefined);
    return points;
  }

  async searchRuns(input: SearchRunsInput): Promise<SearchRunsResult> {
    const answer = await this.read<{ runs?: RunJson[]; next_page_token?: string }>({
      method: 'POST',
      path: `${MLFLOW}/runs/search`,
      json: {
        experiment_ids: input?.experimentIds ?? [],
        ...(input.filter !== undefined ? { filter: input.filter } : {}),
        ...(input.orderBy !== undefined ? { order_by: input.orderBy } : {}),
        ...(input.maxResults !== undefined ? { max_results: input.maxResults } : {}),
        ...(input.pageToken !== undefined ? { page_token: input.pageToken } : {}),
        ...(input.viewType !== undefined ? { run_view_type: input.viewType } : {}),
      },
    });
    return { runs: (answer.runs ?? []).map(toRun), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  // ----------------------------------------------------------------- traces

  async logSpans(input: LogSpansInput): Promise<void> {
    const operation = packedSpansOf(validateLogSpans(input));
    const parts: WriteOperation[] = [];
    let rest = operation.packed;
    // Very large batches go as several writes, each within a request's size.
    while (rest !== undefined && rest.rows.length > MAX_WRITE_CHARACTERS && rest.count > 1) {
      const [first, second] = splitPackedSpanRows(rest, Math.max(1, Math.floor((rest.count * MAX_WRITE_CHARACTERS) / rest.rows.length)));
      parts.push({ ...operation, packed: first });
      rest = second;
    }
    parts.push({ ...operation, ...(rest !== undefined ? { packed: rest } : {}) });
    await Promise.all(parts.map((part) => this.send(part)));
  }

  async getTrace({ traceId }: TraceIdInput): Promise<Trace> {
    const answer = await this.read<{ trace: { info: TraceInfoJson; spans: SpanJson[] } }>({ method: 'GET', path: `${ASSAY}/traces/${encodePathSegment(String(traceId))}` });
    return toTrace(answer.trace);
  }

  async searchTraces(input: SearchTracesInput): Promise<SearchTracesResult> {
    const answer = await this.read<{ traces?: TraceInfoJson[]; next_page_token?: string }>({
      method: 'POST',
      path: `${ASSAY}/traces/search`,
      json: {
        experiment_ids: input?.experimentIds ?? [],
        ...(input.runId !== undefined ? { run_id: input.runId } : {}),
        ...(input.filter !== undefined ? { filter: input.filter } : {}),
        ...(input.orderBy !== undefined ? { order_by: input.orderBy } : {}),
        ...(input.maxResults !== undefined ? { max_results: input.maxResults } : {}),
        ...(input.pageToken !== undefined ? { page_token: input.pageToken } : {}),
      },
    });
    return { traces: (answer.traces ?? []).map(toTraceInfo), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async deleteTraces(input: DeleteTracesInput): Promise<number> {
    const valid = validateDeleteTraces(input);
    const answer = await this.call<{ traces_deleted: number }>({
      method: 'POST',
      path: `${MLFLOW_V3}/traces/delete-traces`,
      json:
        valid.by === 'ids'
          ? { experiment_id: valid.experimentId, request_ids: valid.traceIds }
          : { experiment_id: valid.experimentId, max_timestamp_millis: valid.maxTimestampMillis, ...(valid.maxTraces !== undefined ? { max_traces: valid.maxTraces } : {}) },
      // Deleting named traces again deletes nothing more; "the oldest N" again would delete N more.
      idempotent: valid.by === 'ids',
    });
    return answer.traces_deleted;
  }

  async setTraceTag({ traceId, key, value }: SetTraceTagInput): Promise<void> {
    await this.call({ method: 'PATCH', path: `${MLFLOW_V3}/traces/${encodePathSegment(String(traceId))}/tags`, json: { key, value }, idempotent: true });
  }

  async deleteTraceTag({ traceId, key }: DeleteTraceTagInput): Promise<void> {
    await this.call({ method: 'DELETE', path: `${MLFLOW_V3}/traces/${encodePathSegment(String(traceId))}/tags`, query: { key: String(key) }, idempotent: true });
  }

  // ------------------------------------------------------------ assessments

  async logAssessments(input: LogAssessmentsInput): Promise<Assessment[]> {
    const valid = validateLogAssessments(input);
    // Nothing to log: the server refuses an empty batch (it names no trace whose permission to check).
    if (valid.length === 0) return [];
    const answer = await this.call<{ assessments: AssessmentJson[] }>({
      method: 'POST',
      path: `${ASSAY}/assessments`,
      json: { assessments: valid.map(toNewAssessmentJson) },
      // Each log makes new assessments: sent again only when the first surely never arrived.
      idempotent: false,
    });
    return answer.assessments.map(toAssessment);
  }

  private assessmentPath(input: AssessmentIdInput): string {
    const { traceId, assessmentId } = validateAssessmentId(input);
    return `${MLFLOW_V3}/traces/${encodePathSegment(traceId)}/assessments/${encodePathSegment(assessmentId)}`;
  }

  async getAssessment(input: AssessmentIdInput): Promise<Assessment> {
    const answer = await this.read<{ assessment: AssessmentJson }>({ method: 'GET', path: this.assessmentPath(input) });
    return toAssessment(answer.assessment);
  }

  async updateAssessment(input: UpdateAssessmentInput): Promise<Assessment> {
    const valid = validateUpdateAssessment(input);
    const mask: string[] = [];
    const feedback: Record<string, unknown> = {};
    if (valid.name !== undefined) mask.push('assessment_name');
    // The value goes as the feedback's; the server sets it on whichever the assessment is.
    if (valid.value !== undefined) {
      mask.push('feedback.value');
      feedback['value'] = valid.value.value;
    }
    if (valid.error !== undefined) {
      mask.push('feedback.error');
      if (valid.error !== null) feedback['error'] = { error_code: valid.error.errorCode, ...(valid.error.errorMessage !== undefined ? { error_message: valid.error.errorMessage } : {}) };
    }
    if (valid.rationale !== undefined) mask.push('rationale');
    if (valid.metadata !== undefined) mask.push('metadata');
    const answer = await this.call<{ assessment: AssessmentJson }>({
      method: 'PATCH',
      path: this.assessmentPath(input),
      json: {
        assessment: {
          ...(valid.name !== undefined ? { assessment_name: valid.name } : {}),
          ...(Object.keys(feedback).length > 0 || valid.error === null ? { feedback } : {}),
          ...(valid.rationale !== undefined ? { rationale: valid.rationale } : {}),
          ...(valid.metadata !== undefined ? { metadata: valid.metadata } : {}),
        },
        update_mask: mask,
      },
      idempotent: true,
    });
    return toAssessment(answer.assessment);
  }

  async deleteAssessment(input: AssessmentIdInput): Promise<void> {
    await this.call({ method: 'DELETE', path: this.assessmentPath(input), idempotent: true });
  }

  // ----------------------------------------------------------- model prices

  async setModelPrices(input: SetModelPricesInput): Promise<void> {
    const prices = validateSetModelPrices(input);
    await this.call({
      method: 'POST',
      path: `${ASSAY}/model-prices`,
      json: { prices: prices.map((price) => ({ model: price.model, input_per_million_tokens: price.inputPerMillionTokens, output_per_million_tokens: price.outputPerMillionTokens })) },
      idempotent: true,
    });
  }

  async deleteModelPrices(input: DeleteModelPricesInput): Promise<void> {
    const models = validateDeleteModelPrices(input);
    await this.call({ method: 'POST', path: `${ASSAY}/model-prices/delete`, json: { models }, idempotent: true });
  }

  async listModelPrices(): Promise<ListedModelPrice[]> {
    const answer = await this.read<{ prices: ModelPriceJson[] }>({ method: 'GET', path: `${ASSAY}/model-prices` });
    return answer.prices.map(toListedModelPrice);
  }

  // -------------------------------------------------------------- artifacts

  /** The artifact proxy's path of an artifact of a run (the run's artifact URI is an `mlflow-artifacts:` one on a server). */
  private async proxyPath(runId: string, path: string): Promise<string> {
    const normalized = normalizeArtifactPath(path);
    if (normalized === '') throw new InvalidParameterError(`Artifact path must name a file, e.g. 'results/summary.txt'; got '${path}'.`);
    const info = this.known.run(String(runId)) ?? (await this.getRun({ runId })).info;
    if (!info.artifactUri.startsWith(PROXY_SCHEME)) {
      throw new AssayError(
        'NOT_IMPLEMENTED',
        `Run '${info.runId}' keeps its artifacts at ${info.artifactUri}, outside the server's artifact root, which is all the server's artifact proxy serves.`,
      );
    }
    const segments = [...info.artifactUri.slice(PROXY_SCHEME.length).split('/'), ...normalized.split('/')].filter((segment) => segment !== '');
    return `${ARTIFACT_PROXY}/${segments.map(encodePathSegment).join('/')}`;
  }

  async putArtifact({ runId, path, data }: PutArtifactInput): Promise<void> {
    this.assertOpen();
    const target = await this.proxyPath(runId, path);
    await this.call({ method: 'PUT', path: target, body: { make: () => data, contentType: 'application/octet-stream' }, idempotent: true, timeoutMs: 0 });
  }

  async putArtifactFile({ runId, path, localPath }: PutArtifactFileInput): Promise<void> {
    this.assertOpen();
    const target = await this.proxyPath(runId, path);
    const file = await stat(localPath).catch(() => undefined);
    if (!file?.isFile()) throw new InvalidParameterError(`Local path '${localPath}' is not a file.`);
    // Streamed from the file, opened again for each try.
    await this.call({ method: 'PUT', path: target, body: fileBody(localPath), idempotent: true, timeoutMs: 0 });
  }

  async getArtifact({ runId, path }: GetArtifactInput): Promise<Uint8Array> {
    this.assertOpen();
    const source = await this.proxyPath(runId, path);
    await this.writes.beforeRead();
    const response = await this.client.send({ method: 'GET', path: source, idempotent: true, timeoutMs: 0 });
    return new Uint8Array(await response.arrayBuffer());
  }

  async getArtifactFile({ runId, path, localPath }: GetArtifactFileInput): Promise<void> {
    this.assertOpen();
    const source = await this.proxyPath(runId, path);
    await this.writes.beforeRead();
    const response = await this.client.send({ method: 'GET', path: source, idempotent: true, timeoutMs: 0 });
    await saveBody(response, localPath);
  }

  async listArtifacts({ runId, path }: ListArtifactsInput): Promise<FileInfo[]> {
    const folder = normalizeArtifactPath(path);
    const answer = await this.read<{ files?: FileInfoJson[] }>({
      method: 'GET',
      path: `${MLFLOW}/artifacts/list`,
      query: { run_id: String(runId), ...(folder !== '' ? { path: folder } : {}) },
    });
    return (answer.files ?? []).map(toFileInfo);
  }

  // --------------------------------------------------------------- datasets

  async createDatasetVersion(input: CreateDatasetVersionInput): Promise<DatasetInfo> {
    const valid = validateCreateDatasetVersion(input);
    const answer = await this.call<{ dataset: DatasetJson }>({
      method: 'POST',
      path: `${ASSAY}/datasets`,
      json: {
        name: valid.name,
        rows: valid.rows,
        source: valid.source,
        source_type: valid.sourceType,
        ...(valid.description !== undefined ? { description: valid.description } : {}),
        tags: valid.tags,
      },
      // The same rows again give the same version back (by digest).
      idempotent: true,
    });
    return toDatasetInfo(answer.dataset);
  }

  async importDatasetFile(input: ImportDatasetFileInput): Promise<DatasetInfo> {
    const name = validateDatasetName(input?.name);
    const metadata = validateDatasetMetadata(input);
    if (typeof input.path !== 'string' || input.path === '') throw new InvalidParameterError('Give the path of a JSONL, CSV or Parquet file to import.');
    const path = resolve(input.path);
    const format = resolveDatasetFileFormat(path, input.format);
    const file = await stat(path).catch(() => undefined);
    if (file === undefined) throw new InvalidParameterError(`Dataset file not found: ${path}. Check the path (relative paths start from ${process.cwd()}).`);
    if (!file.isFile()) throw new InvalidParameterError(`${path} is not a file; give a JSONL, CSV or Parquet file.`);
    // The server reads the upload with the store's own readers, as a local import reads the file.
    const answer = await this.call<{ dataset: DatasetJson }>({
      method: 'POST',
      path: `${ASSAY}/datasets/${encodePathSegment(name)}/files`,
      query: {
        format,
        source: input.source ?? path,
        ...(metadata.description !== undefined ? { description: metadata.description } : {}),
        ...(Object.keys(metadata.tags).length > 0 ? { tags: JSON.stringify(metadata.tags) } : {}),
      },
      body: fileBody(path),
      idempotent: true,
      timeoutMs: 0,
    });
    return toDatasetInfo(answer.dataset);
  }

  async exportDataset(input: ExportDatasetInput): Promise<ExportDatasetResult> {
    validateDatasetName(input?.name);
    validateDatasetVersion(input.version);
    if (typeof input.path !== 'string' || input.path === '') throw new InvalidParameterError('Give the path of the file to write.');
    const path = resolve(input.path);
    const format = resolveDatasetFileFormat(path, input.format === undefined ? undefined : String(input.format));
    if (format === 'csv') throw new InvalidParameterError(`Datasets export to jsonl or parquet, not csv (${path}).`);
    const folder = await stat(dirname(path)).catch(() => undefined);
    if (!folder?.isDirectory()) throw new InvalidParameterError(`Cannot write ${path}: the folder ${dirname(path)} does not exist.`);
    // The version first, so that the file and the count are of one version.
    const info = await this.getDataset({ name: input.name, ...(input.version !== undefined ? { version: input.version } : {}) });
    await this.writes.beforeRead();
    const response = await this.client.send({
      method: 'GET',
      path: `${ASSAY}/datasets/${encodePathSegment(info.name)}/export`,
      query: { version: info.version, format },
      idempotent: true,
      timeoutMs: 0,
    });
    await saveBody(response, path);
    return { path, rowCount: info.rowCount };
  }

  async getDataset({ name, version }: GetDatasetInput): Promise<DatasetInfo> {
    validateDatasetName(name);
    validateDatasetVersion(version);
    const answer = await this.read<{ dataset: DatasetJson }>({ method: 'GET', path: `${ASSAY}/datasets/${encodePathSegment(name)}`, query: { version } });
    return toDatasetInfo(answer.dataset);
  }

  async listDatasets(input: ListDatasetsInput = {}): Promise<Page<DatasetSummary>> {
    const answer = await this.read<{ datasets: (DatasetJson & { version_count: number })[]; next_page_token?: string }>({
      method: 'GET',
      path: `${ASSAY}/datasets`,
      query: { max_results: input.maxResults, page_token: input.pageToken },
    });
    return { items: answer.datasets.map(toDatasetSummary), ...(answer.next_page_token !== undefined ? { nextPageToken: answer.next_page_token } : {}) };
  }

  async readDatasetRows(input: ReadDatasetRowsInput): Promise<Record<string, unknown>[]> {
    const valid = validateReadDatasetRows(input);
    const answer = await this.read<{ rows: Record<string, unknown>[] }>({
      method: 'GET',
      path: `${ASSAY}/datasets/${encodePathSegment(valid.name)}/rows`,
      query: { version: valid.version, max_results: valid.limit, offset: valid.offset },
    });
    return answer.rows;
  }

  async logRunInputs(input: LogRunInputsInput): Promise<void> {
    const valid = validateLogRunInputs(input);
    await this.call({
      method: 'POST',
      path: `${ASSAY}/runs/${encodePathSegment(valid.runId)}/inputs`,
      json: {
        inputs: valid.inputs.map((entry) => ({ dataset_name: entry.datasetName, dataset_version: entry.datasetVersion, ...(entry.context !== undefined ? { context: entry.context } : {}) })),
      },
      // The same version with the same context again is a no-op.
      idempotent: true,
    });
  }

  // -------------------------------------------------------- evaluation rows

  async logEvaluationRows(input: LogEvaluationRowsInput): Promise<void> {
    const operation = validateLogEvaluationRows(input);
    // Rows are replaced by index, so a large evaluation may go as several writes, each within a request's size.
    const parts: EvaluationRowRecord[][] = [];
    let part: EvaluationRowRecord[] = [];
    let characters = 0;
    for (const row of operation.rows) {
      const size = JSON.stringify(toEvaluationRowJson(row)).length;
      if (part.length > 0 && characters + size > MAX_WRITE_CHARACTERS) {
        parts.push(part);
        part = [];
        characters = 0;
      }
      part.push(row);
      characters += size;
    }
    parts.push(part);
    await Promise.all(parts.map((rows) => this.send({ ...operation, rows })));
  }

  async readEvaluationRows(input: ReadEvaluationRowsInput): Promise<EvaluationRowRecord[]> {
    const valid = validateReadEvaluationRows(input);
    try {
      const answer = await this.read<{ rows: EvaluationRowJson[] }>({
        method: 'GET',
        path: `${ASSAY}/runs/${encodePathSegment(valid.runId)}/evaluation-rows`,
        query: { max_results: valid.limit, offset: valid.offset },
      });
      return answer.rows.map(toEvaluationRow);
    } catch (error) {
      // The route answers 404 for an unknown run; the Store, no rows.
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  // -------------------------------------------------------------------- sql

  /** One read-only query over the server's store; the server never lets clients reach files (`externalAccess` is always false there). */
  async sql({ query }: SqlInput): Promise<SqlResult> {
    return this.read<SqlResult>({ method: 'POST', path: `${ASSAY}/sql`, json: { query } });
  }

  // -------------------------------------------------------------- lifecycle

  /**
   * At process exit (synchronous): spools every write this store was given
   * and the server has not acknowledged, then `operations`; the next store
   * for this server (in this process or another) sends them.
   */
  writeSync(operations: readonly WriteOperation[]): void {
    this.writes.writeSync(operations.map((operation) => (operation.op === 'logSpans' ? packedSpansOf(operation) : operation)));
  }

  /**
   * Sends every write made so far, and what waits in the spool if the server
   * can be reached; when it cannot, warns with what is still spooled (see
   * spoolStatus()) and resolves: the spool keeps those writes.
   */
  async flush(): Promise<void> {
    if (this.closed) return;
    await this.writes.flush();
  }

  // --------------------------------------------------------- model registry (MLflow's routes; see HttpRegistry)

  createRegisteredModel(input: CreateRegisteredModelInput): Promise<RegisteredModel> {
    return this.registry.createRegisteredModel(input);
  }

  getRegisteredModel(input: RegisteredModelNameInput): Promise<RegisteredModel> {
    return this.registry.getRegisteredModel(input);
  }

  renameRegisteredModel(input: RenameRegisteredModelInput): Promise<RegisteredModel> {
    return this.registry.renameRegisteredModel(input);
  }

  updateRegisteredModel(input: UpdateRegisteredModelInput): Promise<RegisteredModel> {
    return this.registry.updateRegisteredModel(input);
  }

  deleteRegisteredModel(input: RegisteredModelNameInput): Promise<void> {
    return this.registry.deleteRegisteredModel(input);
  }

  searchRegisteredModels(input?: SearchRegisteredModelsInput): Promise<Page<RegisteredModel>> {
    return this.registry.searchRegisteredModels(input);
  }

  setRegisteredModelTag(input: SetRegisteredModelTagInput): Promise<void> {
    return this.registry.setRegisteredModelTag(input);
  }

  deleteRegisteredModelTag(input: DeleteRegisteredModelTagInput): Promise<void> {
    return this.registry.deleteRegisteredModelTag(input);
  }

  createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion> {
    return this.registry.createModelVersion(input);
  }

  getModelVersion(input: ModelVersionInput): Promise<ModelVersion> {
    return this.registry.getModelVersion(input);
  }

  updateModelVersion(input: UpdateModelVersionInput): Promise<ModelVersion> {
    return this.registry.updateModelVersion(input);
  }

  deleteModelVersion(input: ModelVersionInput): Promise<void> {
    return this.registry.deleteModelVersion(input);
  }

  searchModelVersions(input?: SearchModelVersionsInput): Promise<Page<ModelVersion>> {
    return this.registry.searchModelVersions(input);
  }

  setModelVersionTag(input: SetModelVersionTagInput): Promise<void> {
    return this.registry.setModelVersionTag(input);
  }

  deleteModelVersionTag(input: DeleteModelVersionTagInput): Promise<void> {
    return this.registry.deleteModelVersionTag(input);
  }

  getModelVersionDownloadUri(input: ModelVersionInput): Promise<string> {
    return this.registry.getModelVersionDownloadUri(input);
  }

  transitionModelVersionStage(input: TransitionModelVersionStageInput): Promise<ModelVersion> {
    return this.registry.transitionModelVersionStage(input);
  }

  getLatestVersions(input: GetLatestVersionsInput): Promise<ModelVersion[]> {
    return this.registry.getLatestVersions(input);
  }

  setRegisteredModelAlias(input: SetRegisteredModelAliasInput): Promise<void> {
    return this.registry.setRegisteredModelAlias(input);
  }

  deleteRegisteredModelAlias(input: RegisteredModelAliasInput): Promise<void> {
    return this.registry.deleteRegisteredModelAlias(input);
  }

  getModelVersionByAlias(input: RegisteredModelAliasInput): Promise<ModelVersion> {
    return this.registry.getModelVersionByAlias(input);
  }

  // ------------------------------------- audit log and transition requests (Assay's routes; see HttpRegistry)

  listRegistryEvents(input: ListRegistryEventsInput): Promise<Page<RegistryEvent>> {
    return this.registry.listRegistryEvents(input);
  }

  setRegisteredModelProtection(input: SetRegisteredModelProtectionInput): Promise<RegisteredModel> {
    return this.registry.setRegisteredModelProtection(input);
  }

  createTransitionRequest(input: CreateTransitionRequestInput): Promise<TransitionRequest> {
    return this.registry.createTransitionRequest(input);
  }

  approveTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest> {
    return this.registry.approveTransitionRequest(input);
  }

  rejectTransitionRequest(input: DecideTransitionRequestInput): Promise<TransitionRequest> {
    return this.registry.rejectTransitionRequest(input);
  }

  getTransitionRequest(input: TransitionRequestIdInput): Promise<TransitionRequest> {
    return this.registry.getTransitionRequest(input);
  }

  listTransitionRequests(input?: ListTransitionRequestsInput): Promise<Page<TransitionRequest>> {
    return this.registry.listTransitionRequests(input);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writes.close();
    this.closed = true;
    openStores.delete(this);
  }
}
