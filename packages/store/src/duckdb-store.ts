import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readEvaluationRows } from './queries/read-evaluation-rows.js';
import { listValue, StatementType, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  AlreadyExistsError,
  AssayError,
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  EXPERIMENT_FILTER_DIALECT,
  InvalidParameterError,
  NotFoundError,
  RUN_FILTER_DIALECT,
  TRACE_FILTER_DIALECT,
  parseFilter,
  parseOrderBy,
  resolveCreateRun,
  validateCreateDatasetVersion,
  validateCreateExperiment,
  validateDeleteExperiment,
  validateDeleteTag,
  validateDeleteTraces,
  validateExperimentIds,
  validateExperimentName,
  validateExperimentTag,
  validateLogBatch,
  validateLogEvaluationRows,
  validateLogRunInputs,
  validateLogSpans,
  validateMaxResults,
  validateReadDatasetRows,
  validateReadEvaluationRows,
  validateSqlQuery,
  validateTag,
  validateUpdateRun,
  validateViewType,
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
  type LifecycleStage,
  type ListArtifactsInput,
  type ListDatasetsInput,
  type LogBatchInput,
  type LogEvaluationRowsInput,
  type LogRunInputsInput,
  type LogSpansInput,
  type Metric,
  type Page,
  type PutArtifactInput,
  type ReadDatasetRowsInput,
  type ReadEvaluationRowsInput,
  type RenameExperimentInput,
  type Run,
  type RunData,
  type RunIdInput,
  type RunInfo,
  type RunStatus,
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
  type TraceInfo,
  type TraceState,
  type UpdateRunInput,
  type ViewType,
  type WriteOperation,
} from '@assay/core';
import { LocalArtifactRepository, PROXY_ARTIFACT_SCHEME } from './artifacts/local-artifact-repository.js';
import { openDuckDb, type DuckDbHandle } from './duckdb/open-duckdb.js';
import { migrate } from './schema/migrations.js';
import {
  SqlParameters,
  compileFilter,
  compileOrderBy,
  decodePageToken,
  encodePageToken,
} from './queries/compile-filter.js';
import { EXPERIMENT_FILTER_MAPPING } from './queries/experiment-filter-mapping.js';
import { RUN_FILTER_MAPPING } from './queries/run-filter-mapping.js';
import { TRACE_FILTER_MAPPING } from './queries/trace-filter-mapping.js';
import { readTraceSpans } from './queries/read-trace-spans.js';
import { orderSpans } from './ingest/span-to-rows.js';
import { decodeSummary } from './summary/run-summary.js';
import { applyWrites, createStagingTables, type ApplyWritesOptions } from './writes/apply-writes.js';
import * as datasets from './datasets/dataset-operations.js';

export interface DuckDbStoreOptions {
  /** A database file, or `:memory:`. */
  path: string;
  /** Where `mlflow-artifacts:/` artifacts live; default `artifacts/` beside the file (a temp dir for `:memory:`). */
  artifactRoot?: string;
  /** Migrate only up to this schema version (for upgrade tests); default the latest. */
  schemaVersion?: number;
}

const EXPERIMENT_COLUMNS = 'e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time';
const TRACE_COLUMNS =
  't.trace_id, t.experiment_id, t.run_id, t.name, t.request_time, t.execution_duration_ms, t.state, t.request_preview, t.response_preview, t.input_tokens, t.output_tokens, t.total_tokens, t.session_id, t.user_id, t.metadata';
const RUN_COLUMNS =
  'r.run_id, r.run_name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage, r.parent_run_id, r.summary';

function toNumber(value: DuckDBValue): number {
  return typeof value === 'bigint' ? Number(value) : Number(value);
}

function viewTypeCondition(column: string, view: ViewType): string {
  if (view === 'ALL') return 'TRUE';
  return `${column} = '${view === 'ACTIVE_ONLY' ? 'active' : 'deleted'}'`;
}

function toPlainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item)]));
  }
  return value;
}

/**
 * The Store on one open DuckDB database. It owns the file while open; the
 * multi-process LocalStore opens one of these for short leases. Operations on
 * the connection are serialised, so transactions never interleave.
 */
export class DuckDbStore implements Store {
  /** logSpans reads span attributes left to `encodings` (see LogSpansInput): Assay's tracer then skips decoding payloads. */
  readonly acceptsSpanEncodings = true;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly handle: DuckDbHandle,
    readonly artifacts: LocalArtifactRepository,
  ) {}

  /** Opens (creating or upgrading as needed) a store. Throws the DuckDB lock error if another process holds the file. */
  static async open(options: DuckDbStoreOptions): Promise<DuckDbStore> {
    const handle = await openDuckDb(options.path);
    try {
      await migrate(handle.connection, options.schemaVersion);
      await createStagingTables(handle.connection);
      await ensureDefaultExperiment(handle.connection);
    } catch (error) {
      handle.closeSync();
      throw error;
    }
    const artifactRoot =
      options.artifactRoot ??
      (options.path === ':memory:'
        ? join(tmpdir(), `assay-memory-${process.pid}-${Math.random().toString(36).slice(2)}`, 'artifacts')
        : join(dirname(options.path), 'artifacts'));
    return new DuckDbStore(handle, new LocalArtifactRepository(artifactRoot));
  }

  /** The connection, for code in this package that needs raw SQL (ingest, bulk loads). */
  get connection(): DuckDBConnection {
    return this.handle.connection;
  }

  /** Runs `work` alone on the connection. */
  exclusive<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.'));
    const next = this.queue.then(() => work(this.handle.connection));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs `work` alone in a transaction, rolled back if it throws. */
  transaction<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.exclusive(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      try {
        const result = await work(connection);
        await connection.run('COMMIT');
        return result;
      } catch (error) {
        await connection.run('ROLLBACK');
        throw error;
      }
    });
  }

  /** Applies writes in one transaction (see applyWrites). */
  applyWrites(operations: readonly WriteOperation[], options?: ApplyWritesOptions): Promise<void> {
    return this.transaction((connection) => applyWrites(connection, operations, options));
  }

  // ---------------------------------------------------------------- experiments

  async createExperiment(input: CreateExperimentInput): Promise<string> {
    const { name, tags, artifactLocation: location } = validateCreateExperiment(input);
    return this.transaction(async (connection) => {
      const taken = await connection.runAndReadAll('SELECT lifecycle_stage FROM experiments WHERE name = $1', [name]);
      const stage = taken.getRows()[0]?.[0];
      if (stage !== undefined) {
        throw new AlreadyExistsError(
          `Experiment '${name}' already exists${stage === 'deleted' ? ' (deleted: restore it, or pick another name)' : ''}.`,
        );
      }
      const next = await connection.runAndReadAll(
        `SELECT coalesce(max(TRY_CAST(experiment_id AS BIGINT)), 0) + 1 FROM experiments`,
      );
      const experimentId = String(next.getRows()[0]?.[0] ?? 1);
      const now = Date.now();
      const artifactLocation = location ?? `${PROXY_ARTIFACT_SCHEME}/${experimentId}`;
      await connection.run(`INSERT INTO experiments VALUES ($1, $2, $3, 'active', $4, $4)`, [
        experimentId,
        name,
        artifactLocation,
        now,
      ]);
      for (const tag of tags) {
        await connection.run('INSERT INTO experiment_tags VALUES ($1, $2, $3)', [experimentId, tag.key, tag.value]);
      }
      return experimentId;
    });
  }

  async getExperiment({ experimentId }: ExperimentIdInput): Promise<Experiment> {
    const [experiment] = await this.readExperiments('e.experiment_id = $1', [String(experimentId)]);
    if (!experiment) throw new NotFoundError(`Experiment with id '${experimentId}' not found.`);
    return experiment;
  }

  async getExperimentByName({ name }: GetExperimentByNameInput): Promise<Experiment | undefined> {
    const [experiment] = await this.readExperiments('e.name = $1', [String(name)]);
    return experiment;
  }

  async searchExperiments(input: SearchExperimentsInput = {}): Promise<Page<Experiment>> {
    const parameters = new SqlParameters();
    const conditions = [viewTypeCondition('e.lifecycle_stage', validateViewType(input.viewType))];
    const filter = parseFilter(input.filter, EXPERIMENT_FILTER_DIALECT);
    if (filter) conditions.push(compileFilter(filter, EXPERIMENT_FILTER_MAPPING, parameters));
    const order = compileOrderBy(parseOrderBy(input.orderBy, EXPERIMENT_FILTER_DIALECT), EXPERIMENT_FILTER_MAPPING, parameters);
    const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 1000, limit: 50_000 });
    const offset = decodePageToken(input.pageToken);
    const terms = [...order.terms, 'e.creation_time DESC', 'TRY_CAST(e.experiment_id AS BIGINT) DESC'];
    const experiments = await this.readExperiments(
      conditions.join(' AND '),
      parameters.values,
      `${order.joins.join(' ')}`,
      `ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
    );
    const hasMore = experiments.length > limit;
    return {
      items: experiments.slice(0, limit),
      ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}),
    };
  }

  async renameExperiment({ experimentId, newName }: RenameExperimentInput): Promise<void> {
    const name = validateExperimentName(newName);
    await this.transaction(async (connection) => {
      await this.requireExperiment(connection, experimentId);
      const taken = await connection.runAndReadAll('SELECT experiment_id FROM experiments WHERE name = $1', [name]);
      const owner = taken.getRows()[0]?.[0];
      if (owner !== undefined && String(owner) !== experimentId) throw new AlreadyExistsError(`Experiment '${name}' already exists.`);
      await connection.run('UPDATE experiments SET name = $1, last_update_time = $2 WHERE experiment_id = $3', [
        name,
        Date.now(),
        experimentId,
      ]);
    });
  }

  async deleteExperiment(input: ExperimentIdInput): Promise<void> {
    const experimentId = validateDeleteExperiment(input);
    await this.transaction(async (connection) => {
      await this.requireExperiment(connection, experimentId);
      const now = Date.now();
      await connection.run(`UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = $1 WHERE experiment_id = $2`, [
        now,
        experimentId,
      ]);
      await connection.run(
        `UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = $1 WHERE experiment_id = $2 AND lifecycle_stage = 'active'`,
        [now, experimentId],
      );
    });
  }

  async restoreExperiment({ experimentId }: ExperimentIdInput): Promise<void> {
    await this.transaction(async (connection) => {
      const experiment = await this.requireExperiment(connection, experimentId);
      if (experiment.lifecycleStage !== 'deleted') return;
      // Restore the runs the delete took with it (same timestamp), not runs deleted on their own before.
      await connection.run(
        `UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = $1 AND deleted_time = $2`,
        [experimentId, experiment.lastUpdateTime],
      );
      await connection.run(`UPDATE experiments SET lifecycle_stage = 'active', last_update_time = $1 WHERE experiment_id = $2`, [
        Date.now(),
        experimentId,
      ]);
    });
  }

  async setExperimentTag({ experimentId, key, value }: SetExperimentTagInput): Promise<void> {
    const tag = validateExperimentTag({ key, value });
    await this.transaction(async (connection) => {
      await this.requireExperiment(connection, experimentId);
      await connection.run('DELETE FROM experiment_tags WHERE experiment_id = $1 AND key = $2', [experimentId, tag.key]);
      await connection.run('INSERT INTO experiment_tags VALUES ($1, $2, $3)', [experimentId, tag.key, tag.value]);
    });
  }

  async deleteExperimentTag({ experimentId, key }: DeleteExperimentTagInput): Promise<void> {
    await this.transaction(async (connection) => {
      await this.requireExperiment(connection, experimentId);
      await connection.run('DELETE FROM experiment_tags WHERE experiment_id = $1 AND key = $2', [experimentId, key]);
    });
  }

  private async requireExperiment(connection: DuckDBConnection, experimentId: string): Promise<Experiment> {
    const [experiment] = await readExperimentsWith(connection, 'e.experiment_id = $1', [String(experimentId)]);
    if (!experiment) throw new NotFoundError(`Experiment with id '${experimentId}' not found.`);
    return experiment;
  }

  private readExperiments(where: string, values: DuckDBValue[], joins = '', suffix = ''): Promise<Experiment[]> {
    return this.exclusive((connection) => readExperimentsWith(connection, where, values, joins, suffix));
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

  async getRun({ runId }: RunIdInput): Promise<Run> {
    const [run] = await this.exclusive(async (connection) =>
      datasets.attachRunInputs(connection, await readRuns(connection, 'r.run_id = $1', [String(runId)])),
    );
    if (!run) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
    return run;
  }

  async deleteRun({ runId }: RunIdInput): Promise<void> {
    await this.setRunLifecycle(runId, 'deleted');
  }

  async restoreRun({ runId }: RunIdInput): Promise<void> {
    await this.setRunLifecycle(runId, 'active');
  }

  private async setRunLifecycle(runId: string, stage: LifecycleStage): Promise<void> {
    await this.transaction(async (connection) => {
      const found = await connection.runAndReadAll('SELECT count(*) FROM runs WHERE run_id = $1', [String(runId)]);
      if (toNumber(found.getRows()[0]?.[0] ?? 0) === 0) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
      await connection.run('UPDATE runs SET lifecycle_stage = $1, deleted_time = $2 WHERE run_id = $3', [
        stage,
        stage === 'deleted' ? Date.now() : null,
        String(runId),
      ]);
    });
  }

  async logBatch(input: LogBatchInput): Promise<void> {
    await this.applyWrites([validateLogBatch(input)]);
  }

  async deleteTag(input: DeleteTagInput): Promise<void> {
    await this.applyWrites([validateDeleteTag(input)]);
  }

  async getMetricHistory({ runId, key }: GetMetricHistoryInput): Promise<Metric[]> {
    return this.exclusive(async (connection) => {
      const found = await connection.runAndReadAll('SELECT count(*) FROM runs WHERE run_id = $1', [String(runId)]);
      if (toNumber(found.getRows()[0]?.[0] ?? 0) === 0) throw new NotFoundError(`Run '${runId}' not found. Check the run id.`);
      const result = await connection.runAndReadAll(
        'SELECT key, value, timestamp, step FROM metrics WHERE run_id = $1 AND key = $2 ORDER BY step, timestamp',
        [String(runId), String(key)],
      );
      return result.getRows().map(([metricKey, value, timestamp, step]) => ({
        key: String(metricKey),
        value: toNumber(value ?? null),
        timestamp: toNumber(timestamp ?? null),
        step: toNumber(step ?? null),
      }));
    });
  }

  async searchRuns(input: SearchRunsInput): Promise<SearchRunsResult> {
    const experimentIds = validateExperimentIds({ experimentIds: input?.experimentIds, operation: 'searchRuns' });
    const parameters = new SqlParameters();
    const conditions = [
      `r.experiment_id IN (${experimentIds.map((id) => parameters.add(id)).join(', ')})`,
      viewTypeCondition('r.lifecycle_stage', validateViewType(input.viewType)),
    ];
    const filter = parseFilter(input.filter, RUN_FILTER_DIALECT);
    if (filter) conditions.push(compileFilter(filter, RUN_FILTER_MAPPING, parameters));
    const order = compileOrderBy(parseOrderBy(input.orderBy, RUN_FILTER_DIALECT), RUN_FILTER_MAPPING, parameters);
    const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 1000, limit: 50_000 });
    const offset = decodePageToken(input.pageToken);
    const terms = [...order.terms, 'r.start_time DESC', 'r.run_id ASC'];
    const runs = await this.exclusive(async (connection) => {
      // Order and page on ids alone, then read the page's rows: the sort never carries the summaries.
      // Filtering first and joining the sort keys onto the matches plans better than one flat query.
      const page = await connection.runAndReadAll(
        `WITH matched AS (SELECT * FROM runs r WHERE ${conditions.join(' AND ')})
         SELECT r.run_id FROM matched r ${order.joins.join(' ')}
         ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`,
        parameters.values,
      );
      const ids = page.getRows().map(([runId]) => String(runId));
      if (ids.length === 0) return [];
      // A literal IN list is pushed into the scan, so only the page's summaries are read.
      const placeholders = ids.map((_, index) => `$${index + 1}`).join(', ');
      const rows = await datasets.attachRunInputs(connection, await readRuns(connection, `r.run_id IN (${placeholders})`, ids));
      const byId = new Map(rows.map((run) => [run.info.runId, run]));
      return ids.map((runId) => byId.get(runId)!);
    });
    const hasMore = runs.length > limit;
    return { runs: runs.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
  }

  // -------------------------------------------------------------------- traces

  async logSpans(input: LogSpansInput): Promise<void> {
    await this.applyWrites([validateLogSpans(input)]);
  }

  async getTrace({ traceId }: TraceIdInput): Promise<Trace> {
    return this.exclusive(async (connection) => {
      const [info] = await readTraceInfos(connection, 't.trace_id = $1', [String(traceId)]);
      if (!info) throw new NotFoundError(`Trace '${traceId}' not found. Check the trace id.`);
      return { info, spans: orderSpans(await readTraceSpans(connection, [info.traceId])) };
    });
  }

  async searchTraces(input: SearchTracesInput): Promise<SearchTracesResult> {
    const experimentIds = validateExperimentIds({ experimentIds: input?.experimentIds, operation: 'searchTraces' });
    const parameters = new SqlParameters();
    const conditions = [`t.experiment_id IN (${experimentIds.map((id) => parameters.add(id)).join(', ')})`];
    if (input.runId !== undefined) conditions.push(`t.run_id = ${parameters.add(String(input.runId))}`);
    const filter = parseFilter(input.filter, TRACE_FILTER_DIALECT);
    if (filter) conditions.push(compileFilter(filter, TRACE_FILTER_MAPPING, parameters));
    const orderBy = parseOrderBy(input.orderBy ?? ['timestamp_ms DESC'], TRACE_FILTER_DIALECT);
    const order = compileOrderBy(orderBy, TRACE_FILTER_MAPPING, parameters);
    const limit = validateMaxResults({ maxResults: input.maxResults, fallback: 100, limit: 500 });
    const offset = decodePageToken(input.pageToken);
    const terms = [...order.terms, 't.request_time DESC', 't.trace_id ASC'];
    const traces = await this.exclusive((connection) =>
      readTraceInfos(connection, conditions.join(' AND '), parameters.values, `ORDER BY ${terms.join(', ')} LIMIT ${limit + 1} OFFSET ${offset}`),
    );
    const hasMore = traces.length > limit;
    return { traces: traces.slice(0, limit), ...(hasMore ? { nextPageToken: encodePageToken(offset + limit) } : {}) };
  }

  async deleteTraces(input: DeleteTracesInput): Promise<number> {
    const selection = validateDeleteTraces(input);
    const { experimentId } = selection;
    return this.transaction(async (connection) => {
      const selected =
        selection.by === 'ids'
          ? await connection.runAndReadAll(
              'SELECT trace_id FROM traces WHERE experiment_id = $1 AND trace_id IN (SELECT unnest($2))',
              [experimentId, listValue(selection.traceIds)],
            )
          : await connection.runAndReadAll(
              `SELECT trace_id FROM traces WHERE experiment_id = $1 AND request_time <= $2 ORDER BY request_time ASC, trace_id ASC ${
                selection.maxTraces === undefined ? '' : `LIMIT ${selection.maxTraces}`
              }`,
              [experimentId, selection.maxTimestampMillis],
            );
      const ids = selected.getRows().map(([traceId]) => String(traceId));
      if (ids.length === 0) return 0;
      for (const table of ['spans', 'trace_tags', 'traces']) {
        await connection.run(`DELETE FROM ${table} WHERE trace_id IN (SELECT unnest($1))`, [listValue(ids)]);
      }
      return ids.length;
    });
  }

  async setTraceTag({ traceId, key, value }: SetTraceTagInput): Promise<void> {
    const tag = validateTag({ key, value });
    await this.transaction(async (connection) => {
      await requireTrace(connection, traceId);
      await connection.run('DELETE FROM trace_tags WHERE trace_id = $1 AND key = $2', [traceId, tag.key]);
      await connection.run('INSERT INTO trace_tags VALUES ($1, $2, $3)', [traceId, tag.key, tag.value]);
    });
  }

  async deleteTraceTag({ traceId, key }: DeleteTraceTagInput): Promise<void> {
    await this.transaction(async (connection) => {
      await requireTrace(connection, traceId);
      await connection.run('DELETE FROM trace_tags WHERE trace_id = $1 AND key = $2', [traceId, String(key)]);
    });
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
  // The operations live in datasets/dataset-operations.ts; these wrappers add the transaction.

  async createDatasetVersion(input: CreateDatasetVersionInput): Promise<DatasetInfo> {
    const valid = validateCreateDatasetVersion(input);
    return this.transaction((connection) => datasets.createDatasetVersion(connection, valid));
  }

  async importDatasetFile(input: ImportDatasetFileInput): Promise<DatasetInfo> {
    const valid = await datasets.validateImportDatasetFile(input);
    return this.transaction((connection) => datasets.importDatasetFile(connection, valid));
  }

  async exportDataset(input: ExportDatasetInput): Promise<ExportDatasetResult> {
    const valid = await datasets.validateExportDataset(input);
    return this.exclusive((connection) => datasets.exportDataset(connection, valid));
  }

  getDataset({ name, version }: GetDatasetInput): Promise<DatasetInfo> {
    return this.exclusive((connection) => datasets.readDataset(connection, name, version));
  }

  listDatasets(input?: ListDatasetsInput): Promise<Page<DatasetSummary>> {
    return this.exclusive((connection) => datasets.listDatasets(connection, input));
  }

  async readDatasetRows(input: ReadDatasetRowsInput): Promise<Record<string, unknown>[]> {
    const valid = validateReadDatasetRows(input);
    return this.exclusive((connection) => datasets.readDatasetRows(connection, valid));
  }

  async logRunInputs(input: LogRunInputsInput): Promise<void> {
    const valid = validateLogRunInputs(input);
    await this.transaction((connection) => datasets.logRunInputs(connection, valid));
  }

  // ------------------------------------------------------------ evaluations

  async logEvaluationRows(input: LogEvaluationRowsInput): Promise<void> {
    await this.applyWrites([validateLogEvaluationRows(input)]);
  }

  async readEvaluationRows(input: ReadEvaluationRowsInput): Promise<EvaluationRowRecord[]> {
    const valid = validateReadEvaluationRows(input);
    return this.exclusive((connection) => readEvaluationRows(connection, valid));
  }

  // ----------------------------------------------------------------------- sql

  async sql(input: SqlInput): Promise<SqlResult> {
    const query = validateSqlQuery(input);
    return this.exclusive(async (connection) => {
      let statementType: StatementType;
      try {
        const extracted = await connection.extractStatements(query);
        if (extracted.count !== 1) {
          throw new InvalidParameterError(`Give exactly one SQL statement; got ${extracted.count}.`);
        }
        const prepared = await extracted.prepare(0);
        statementType = prepared.statementType;
      } catch (error) {
        if (AssayError.isInstance(error)) throw error;
        throw new InvalidParameterError(`SQL error: ${(error as Error).message}`, { cause: error });
      }
      if (statementType !== StatementType.SELECT && statementType !== StatementType.EXPLAIN) {
        throw new InvalidParameterError(
          `Only read-only queries (SELECT, EXPLAIN, DESCRIBE, SHOW) are allowed here; got a ${StatementType[statementType] ?? 'write'} statement.`,
        );
      }
      // Belt and braces: even a SELECT runs in a transaction that is always rolled back.
      await connection.run('BEGIN TRANSACTION');
      try {
        const reader = await connection.runAndReadAll(query);
        const names = reader.deduplicatedColumnNames();
        const types = reader.columnTypes();
        return {
          columns: names.map((name, index) => ({ name, type: String(types[index]) })),
          rows: reader.getRowsJS().map((row) => row.map(toPlainValue)),
        };
      } catch (error) {
        throw new InvalidParameterError(`SQL error: ${(error as Error).message}`, { cause: error });
      } finally {
        await connection.run('ROLLBACK');
      }
    });
  }

  // ----------------------------------------------------------------- lifecycle

  async flush(): Promise<void> {
    await this.queue;
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

// ------------------------------------------------------------------- helpers

async function ensureDefaultExperiment(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `INSERT INTO experiments SELECT $1, $2, $3, 'active', $4, $4 WHERE NOT EXISTS (SELECT 1 FROM experiments WHERE experiment_id = $1)`,
    [DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, `${PROXY_ARTIFACT_SCHEME}/${DEFAULT_EXPERIMENT_ID}`, Date.now()],
  );
}

async function readExperimentsWith(
  connection: DuckDBConnection,
  where: string,
  values: DuckDBValue[],
  joins = '',
  suffix = '',
): Promise<Experiment[]> {
  const result = await connection.runAndReadAll(`SELECT ${EXPERIMENT_COLUMNS} FROM experiments e ${joins} WHERE ${where} ${suffix}`, values);
  const experiments = result.getRows().map(
    ([experimentId, name, artifactLocation, lifecycleStage, creationTime, lastUpdateTime]): Experiment => ({
      experimentId: String(experimentId),
      name: String(name),
      artifactLocation: String(artifactLocation),
      lifecycleStage: String(lifecycleStage) as LifecycleStage,
      creationTime: toNumber(creationTime ?? null),
      lastUpdateTime: toNumber(lastUpdateTime ?? null),
      tags: {},
    }),
  );
  if (experiments.length === 0) return experiments;
  const byId = new Map(experiments.map((experiment) => [experiment.experimentId, experiment]));
  const tags = await connection.runAndReadAll(
    'SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (SELECT unnest($1))',
    [listValue([...byId.keys()])],
  );
  for (const [experimentId, key, value] of tags.getRows()) {
    const experiment = byId.get(String(experimentId));
    if (experiment) experiment.tags[String(key)] = String(value);
  }
  return experiments;
}

/** Reads runs with their data (from each row's summary: no other table is read). */
export async function readRuns(
  connection: DuckDBConnection,
  where: string,
  values: DuckDBValue[],
  joins = '',
  suffix = '',
): Promise<Run[]> {
  const result = await connection.runAndReadAll(`SELECT ${RUN_COLUMNS} FROM runs r ${joins} WHERE ${where} ${suffix}`, values);
  return result.getRows().map(
    ([runId, runName, experimentId, userId, status, startTime, endTime, artifactUri, lifecycleStage, parentRunId, summary]): Run => {
      const info: RunInfo = {
        runId: String(runId),
        runName: String(runName),
        experimentId: String(experimentId),
        userId: String(userId),
        status: String(status) as RunStatus,
        startTime: toNumber(startTime ?? null),
        artifactUri: String(artifactUri),
        lifecycleStage: String(lifecycleStage) as LifecycleStage,
      };
      if (endTime !== null && endTime !== undefined) info.endTime = toNumber(endTime);
      if (parentRunId !== null && parentRunId !== undefined) info.parentRunId = String(parentRunId);
      const { params, tags, metrics } = decodeSummary(String(summary));
      const data: RunData = {
        params,
        tags,
        metrics: Object.fromEntries(Object.entries(metrics).map(([key, point]) => [key, point[0]])),
      };
      return { info, data };
    },
  );
}

async function requireTrace(connection: DuckDBConnection, traceId: string): Promise<void> {
  const found = await connection.runAndReadAll('SELECT count(*) FROM traces WHERE trace_id = $1', [String(traceId)]);
  if (toNumber(found.getRows()[0]?.[0] ?? 0) === 0) throw new NotFoundError(`Trace '${traceId}' not found. Check the trace id.`);
}

function optionalNumber(value: DuckDBValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : toNumber(value);
}

/** Reads trace summaries with their tags. */
async function readTraceInfos(connection: DuckDBConnection, where: string, values: DuckDBValue[], suffix = ''): Promise<TraceInfo[]> {
  const result = await connection.runAndReadAll(`SELECT ${TRACE_COLUMNS} FROM traces t WHERE ${where} ${suffix}`, values);
  const traces = result.getRows().map((row): TraceInfo => {
    const [traceId, experimentId, runId, name, requestTime, duration, state, requestPreview, responsePreview, inputTokens, outputTokens, totalTokens, sessionId, userId, metadata] =
      row;
    const info: TraceInfo = {
      traceId: String(traceId),
      experimentId: String(experimentId),
      requestTime: toNumber(requestTime ?? null),
      state: String(state) as TraceState,
      tags: {},
      metadata: JSON.parse(String(metadata)) as Record<string, string>,
    };
    if (runId !== null && runId !== undefined) info.runId = String(runId);
    if (name !== null && name !== undefined) info.name = String(name);
    const executionDurationMs = optionalNumber(duration);
    if (executionDurationMs !== undefined) info.executionDurationMs = executionDurationMs;
    if (requestPreview !== null && requestPreview !== undefined) info.requestPreview = String(requestPreview);
    if (responsePreview !== null && responsePreview !== undefined) info.responsePreview = String(responsePreview);
    const total = optionalNumber(totalTokens);
    if (total !== undefined) {
      info.tokenUsage = { inputTokens: optionalNumber(inputTokens) ?? 0, outputTokens: optionalNumber(outputTokens) ?? 0, totalTokens: total };
    }
    if (sessionId !== null && sessionId !== undefined) info.sessionId = String(sessionId);
    if (userId !== null && userId !== undefined) info.userId = String(userId);
    return info;
  });
  if (traces.length === 0) return traces;
  const byId = new Map(traces.map((trace) => [trace.traceId, trace]));
  const tags = await connection.runAndReadAll('SELECT trace_id, key, value FROM trace_tags WHERE trace_id IN (SELECT unnest($1))', [
    listValue([...byId.keys()]),
  ]);
  for (const [traceId, key, value] of tags.getRows()) {
    const trace = byId.get(String(traceId));
    if (trace) trace.tags[String(key)] = String(value);
  }
  return traces;
}
