import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AssayError,
  ConflictError,
  InvalidParameterError,
  StoreBusyError,
  resolveCreateRun,
  validateDeleteTag,
  validateLogBatch,
  validateLogEvaluationRows,
  validateLogSpans,
  validateUpdateRun,
  type CreateDatasetVersionInput,
  type CreateExperimentInput,
  type CreateRunInput,
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
  type SyncWriter,
  type Trace,
  type TraceIdInput,
  type UpdateRunInput,
  type WriteOperation,
} from '@assay/core';
import { LocalArtifactRepository } from '../artifacts/local-artifact-repository.js';
import { isLockConflict } from '../duckdb/open-duckdb.js';
import { DuckDbStore } from '../duckdb-store.js';
import { SPOOL_DIRECTORY, Spool } from './spool.js';

export interface LocalStoreOptions {
  /** The store directory; it holds `assay.duckdb`, `artifacts/` and `spool/`. Created if missing. */
  root: string;
  /**
   * Keep the database open this long after the last operation, so that
   * writes coming every few hundred milliseconds (the tracing and metric
   * exports) share one open instead of opening and checkpointing the file
   * each time. A process that starts waiting for the file gets it at once
   * anyway: the holder watches for waiters. Default 2,000 ms.
   */
  lingerMs?: number;
  /** Longest continuous hold before stepping aside for other processes. Default 1,000 ms. */
  maxHoldMs?: number;
  /** How long an operation that must reach the database waits for another process. Default 30 s. */
  busyTimeoutMs?: number;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The database file's name inside a store directory. */
export const DATABASE_FILE = 'assay.duckdb';

const openStores = new Set<LocalStore>();
// One LocalStore per directory per process: file locks do not exclude a
// process from itself, so two instances in one process must never coexist.
const storesByRoot = new Map<string, { store: LocalStore; references: number }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const store of openStores) store.releaseSync();
  });
}

/**
 * The embedded store for several processes at once. DuckDB lets one process
 * open a file at a time, so each process takes the file only for short
 * leases: operations open it (retrying with backoff while another process
 * holds it), and it is released after `lingerMs` idle, or as soon as another
 * process waits for it (at once when idle, after `maxHoldMs` when busy).
 * Writes never wait: when the file is busy they go to a durable spool that
 * the next lease holder ingests before anything else, so nothing is lost and
 * every reader sees every acknowledged write.
 */
export class LocalStore implements Store, SyncWriter {
  /** logSpans reads span attributes left to `encodings` (see LogSpansInput): Assay's tracer then skips decoding payloads. */
  readonly acceptsSpanEncodings = true;
  readonly root: string;
  readonly databasePath: string;
  private readonly spool: Spool;
  /** Processes waiting for the database leave a marker here; holders then step aside. */
  private readonly waitingDirectory: string;
  private readonly artifacts: LocalArtifactRepository;
  private readonly lingerMs: number;
  private readonly maxHoldMs: number;
  private readonly busyTimeoutMs: number;
  private lease: DuckDbStore | undefined;
  private leaseStartedAt = 0;
  private releaseTimer: NodeJS.Timeout | undefined;
  // Watches the waiting directory while the lease is held, to release it as soon as another process waits.
  private waiterWatch: FSWatcher | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Runs this process created or read: enough to log to them without a read. */
  private readonly knownRuns = new Map<string, RunInfo>();
  private readonly knownParams = new Map<string, Map<string, string>>();
  private readonly knownExperiments = new Map<string, Experiment>();

  private constructor(options: LocalStoreOptions) {
    this.root = resolve(options.root);
    this.databasePath = join(this.root, DATABASE_FILE);
    this.spool = new Spool(join(this.root, SPOOL_DIRECTORY));
    this.waitingDirectory = join(this.root, 'waiting');
    this.artifacts = new LocalArtifactRepository(join(this.root, 'artifacts'));
    this.lingerMs = options.lingerMs ?? 2000;
    this.maxHoldMs = options.maxHoldMs ?? 1000;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 30_000;
  }

  /**
   * Opens a store directory (creating it). The database itself is opened
   * lazily, per operation. Opening the same directory twice in one process
   * returns the same store; each open needs its own close.
   */
  static async open(options: LocalStoreOptions): Promise<LocalStore> {
    const root = resolve(options.root);
    const shared = storesByRoot.get(root);
    if (shared) {
      shared.references += 1;
      return shared.store;
    }
    const store = new LocalStore(options);
    storesByRoot.set(root, { store, references: 1 });
    try {
      await mkdir(store.root, { recursive: true });
    } catch (error) {
      storesByRoot.delete(root);
      throw new InvalidParameterError(
        `Cannot use ${root} as the tracking store: ${error instanceof Error ? error.message : String(error)}. ` +
          'Point the tracking URI (setTrackingUri or ASSAY_TRACKING_URI) at a directory that can be created and written.',
        { cause: error },
      );
    }
    openStores.add(store);
    installExitHook();
    return store;
  }

  // ------------------------------------------------------------ leasing

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.'));
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async tryOpen(): Promise<DuckDbStore | undefined> {
    try {
      return await DuckDbStore.open({ path: this.databasePath, artifactRoot: this.artifacts.root });
    } catch (error) {
      if (isLockConflict(error)) return undefined;
      throw error;
    }
  }

  /** True when another process is waiting for the database (stale markers of dead processes are removed). */
  private async othersWaiting(): Promise<boolean> {
    let names: string[];
    try {
      names = await readdir(this.waitingDirectory);
    } catch {
      return false;
    }
    let waiting = false;
    for (const name of names) {
      const pid = Number(name.split('-')[0]);
      if (pid === process.pid) continue;
      if (isAlive(pid)) waiting = true;
      else await rm(join(this.waitingDirectory, name), { force: true });
    }
    return waiting;
  }

  /**
   * Returns the held database, opening it (and ingesting the spool) if needed.
   * Without `wait`, gives up at once when the file is busy or another process
   * is waiting for it (the caller spools instead) and returns undefined.
   */
  private async acquire(wait: boolean): Promise<DuckDbStore | undefined> {
    if (this.releaseTimer) {
      clearTimeout(this.releaseTimer);
      this.releaseTimer = undefined;
    }
    // Processes that wait for the file leave a marker (below): look for one
    // when the lease was held long or when this write could go to the spool.
    const heldLong = this.lease !== undefined && Date.now() - this.leaseStartedAt > this.maxHoldMs;
    const othersWaiting = heldLong || !wait ? await this.othersWaiting() : false;
    if (heldLong && othersWaiting) {
      // Step aside so the others get a turn, then come back. Nobody waiting:
      // keep the lease (closing checkpoints the file, which costs).
      await this.release();
      await sleep(5 + Math.random() * 20);
    } else if (heldLong) {
      this.leaseStartedAt = Date.now();
    }
    if (!wait && othersWaiting) {
      // Someone needs the file to read; writes can go to the spool meanwhile.
      await this.release();
      return undefined;
    }
    if (!this.lease) {
      const deadline = Date.now() + this.busyTimeoutMs;
      let delay = 2;
      let marker: string | undefined;
      try {
        for (;;) {
          const opened = await this.tryOpen();
          if (opened) {
            this.lease = opened;
            this.leaseStartedAt = Date.now();
            this.watchForWaiters();
            break;
          }
          if (!wait) return undefined;
          if (Date.now() >= deadline) {
            throw new StoreBusyError(
              `The store at ${this.databasePath} stayed locked by another process for ${this.busyTimeoutMs} ms. ` +
                'Close other programs that hold it open (a DuckDB shell, for instance), or start `assay server` so processes share it over HTTP.',
            );
          }
          if (!marker) {
            await mkdir(this.waitingDirectory, { recursive: true });
            marker = join(this.waitingDirectory, `${process.pid}-${Math.random().toString(36).slice(2)}`);
            await writeFile(marker, '');
          }
          await sleep(delay + Math.random() * delay);
          delay = Math.min(delay * 2, 20);
        }
      } finally {
        if (marker) await rm(marker, { force: true });
      }
    }
    await this.spool.ingest(this.lease);
    return this.lease;
  }

  /** Releases after `lingerMs` idle, or at once when another process is waiting. */
  private async scheduleRelease(): Promise<void> {
    if (!this.lease || this.closed) return;
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    if (await this.othersWaiting()) {
      await this.release();
      return;
    }
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      void this.serialized(() => this.release()).catch((error: unknown) => {
        console.warn(`[assay] could not release the store: ${String(error)}`);
      });
    }, this.lingerMs);
    this.releaseTimer.unref();
  }

  private async release(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    this.stopWatchingForWaiters();
    if (lease) await lease.close();
  }

  /**
   * While the lease is held, a marker appearing in the waiting directory
   * releases it (after the operation in progress). Where the file system
   * cannot be watched, waiters get the file when the lease lingers out.
   */
  private watchForWaiters(): void {
    if (this.waiterWatch) return;
    try {
      mkdirSync(this.waitingDirectory, { recursive: true });
      this.waiterWatch = watch(this.waitingDirectory, () => this.onWaiterMarker());
      this.waiterWatch.on('error', () => this.stopWatchingForWaiters());
      this.waiterWatch.unref();
    } catch {
      this.waiterWatch = undefined;
    }
  }

  private stopWatchingForWaiters(): void {
    this.waiterWatch?.close();
    this.waiterWatch = undefined;
  }

  private onWaiterMarker(): void {
    if (!this.lease || this.closed) return;
    void this.serialized(async () => {
      if (this.lease && (await this.othersWaiting())) {
        if (this.releaseTimer) clearTimeout(this.releaseTimer);
        this.releaseTimer = undefined;
        await this.release();
      }
    }).catch((error: unknown) => {
      console.warn(`[assay] could not release the store: ${String(error)}`);
    });
  }

  /**
   * Appends writes to the spool synchronously, without validating them or
   * touching the database: for a process 'exit' handler, where nothing
   * asynchronous runs any more. The next lease holder (in any process)
   * applies them; invalid ones land in `rejected_writes`.
   */
  writeSync(operations: readonly WriteOperation[]): void {
    if (operations.length === 0) return;
    mkdirSync(this.spool.directory, { recursive: true });
    this.spool.writeSync(operations);
  }

  /** Releases the database file at once (for process exit). */
  releaseSync(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.stopWatchingForWaiters();
    this.lease?.closeSync();
    this.lease = undefined;
  }

  /** Runs `work` on the database, waiting for other processes if needed. */
  private withDatabase<T>(work: (database: DuckDbStore) => Promise<T>): Promise<T> {
    return this.serialized(async () => {
      const database = (await this.acquire(true))!;
      try {
        return await work(database);
      } finally {
        await this.scheduleRelease();
      }
    });
  }

  /** Applies writes now if the database is free, else spools them. Resolves once they are durable. */
  private write(operations: readonly WriteOperation[]): Promise<void> {
    return this.serialized(async () => {
      const database = await this.acquire(false);
      if (!database) {
        await this.spool.write(operations);
        return;
      }
      try {
        await database.applyWrites(operations);
      } finally {
        await this.scheduleRelease();
      }
    });
  }

  // -------------------------------------------------------- experiments

  createExperiment(input: CreateExperimentInput): Promise<string> {
    return this.withDatabase((database) => database.createExperiment(input));
  }

  async getExperiment(input: ExperimentIdInput): Promise<Experiment> {
    const experiment = await this.withDatabase((database) => database.getExperiment(input));
    this.knownExperiments.set(experiment.experimentId, experiment);
    return experiment;
  }

  getExperimentByName(input: GetExperimentByNameInput): Promise<Experiment | undefined> {
    return this.withDatabase((database) => database.getExperimentByName(input));
  }

  searchExperiments(input?: SearchExperimentsInput): Promise<Page<Experiment>> {
    return this.withDatabase((database) => database.searchExperiments(input));
  }

  renameExperiment(input: RenameExperimentInput): Promise<void> {
    this.knownExperiments.delete(String(input?.experimentId));
    return this.withDatabase((database) => database.renameExperiment(input));
  }

  deleteExperiment(input: ExperimentIdInput): Promise<void> {
    this.knownExperiments.delete(String(input?.experimentId));
    return this.withDatabase((database) => database.deleteExperiment(input));
  }

  restoreExperiment(input: ExperimentIdInput): Promise<void> {
    this.knownExperiments.delete(String(input?.experimentId));
    return this.withDatabase((database) => database.restoreExperiment(input));
  }

  setExperimentTag(input: SetExperimentTagInput): Promise<void> {
    return this.withDatabase((database) => database.setExperimentTag(input));
  }

  deleteExperimentTag(input: DeleteExperimentTagInput): Promise<void> {
    return this.withDatabase((database) => database.deleteExperimentTag(input));
  }

  // --------------------------------------------------------------- runs

  async createRun(input: CreateRunInput): Promise<Run> {
    const experiment = this.knownExperiments.get(String(input?.experimentId)) ?? (await this.getExperiment({ experimentId: input?.experimentId }));
    const operation = resolveCreateRun({ input, experiment });
    if (operation.run.parentRunId !== undefined && !this.knownRuns.has(operation.run.parentRunId)) {
      await this.getRun({ runId: operation.run.parentRunId });
    }
    await this.write([operation]);
    const { run } = operation;
    const info: RunInfo = {
      runId: run.runId,
      runName: run.runName,
      experimentId: run.experimentId,
      userId: run.userId,
      status: 'RUNNING',
      startTime: run.startTime,
      artifactUri: run.artifactUri,
      lifecycleStage: 'active',
      ...(run.parentRunId !== undefined ? { parentRunId: run.parentRunId } : {}),
    };
    this.knownRuns.set(run.runId, info);
    return {
      info: { ...info },
      data: { params: {}, metrics: {}, tags: Object.fromEntries(run.tags.map((tag) => [tag.key, tag.value])) },
    };
  }

  async updateRun(input: UpdateRunInput): Promise<RunInfo> {
    const operation = validateUpdateRun(input);
    const known = this.knownRuns.get(operation.runId) ?? (await this.getRun({ runId: operation.runId })).info;
    await this.write([operation]);
    const info: RunInfo = {
      ...known,
      ...(operation.status !== undefined ? { status: operation.status } : {}),
      ...(operation.endTime !== undefined ? { endTime: operation.endTime } : {}),
      ...(operation.runName !== undefined ? { runName: operation.runName } : {}),
    };
    this.knownRuns.set(info.runId, info);
    return { ...info };
  }

  async getRun(input: RunIdInput): Promise<Run> {
    const run = await this.withDatabase((database) => database.getRun(input));
    this.knownRuns.set(run.info.runId, { ...run.info });
    this.knownParams.set(run.info.runId, new Map(Object.entries(run.data.params)));
    return run;
  }

  async deleteRun(input: RunIdInput): Promise<void> {
    this.knownRuns.delete(String(input?.runId));
    await this.withDatabase((database) => database.deleteRun(input));
  }

  async restoreRun(input: RunIdInput): Promise<void> {
    this.knownRuns.delete(String(input?.runId));
    await this.withDatabase((database) => database.restoreRun(input));
  }

  async logBatch(input: LogBatchInput): Promise<void> {
    const operation = validateLogBatch(input);
    if (!this.knownRuns.has(operation.runId)) await this.getRun({ runId: operation.runId });
    // Catch a changed param here, while the caller can still be told; the database checks again.
    const params = this.knownParams.get(operation.runId) ?? new Map<string, string>();
    for (const param of operation.params) {
      const logged = params.get(param.key);
      if (logged !== undefined && logged !== param.value) {
        throw new ConflictError(
          `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${logged}' for run ID='${operation.runId}'. Attempted logging new value '${param.value}'.`,
        );
      }
    }
    await this.write([operation]);
    for (const param of operation.params) params.set(param.key, param.value);
    this.knownParams.set(operation.runId, params);
  }

  async deleteTag(input: DeleteTagInput): Promise<void> {
    const operation = validateDeleteTag(input);
    if (!this.knownRuns.has(operation.runId)) await this.getRun({ runId: operation.runId });
    await this.write([operation]);
  }

  getMetricHistory(input: GetMetricHistoryInput): Promise<Metric[]> {
    return this.withDatabase((database) => database.getMetricHistory(input));
  }

  searchRuns(input: SearchRunsInput): Promise<SearchRunsResult> {
    return this.withDatabase((database) => database.searchRuns(input));
  }

  // ------------------------------------------------------------- traces

  /** Never waits for another process: when the database is busy the spans are spooled. */
  async logSpans(input: LogSpansInput): Promise<void> {
    await this.write([validateLogSpans(input)]);
  }

  getTrace(input: TraceIdInput): Promise<Trace> {
    return this.withDatabase((database) => database.getTrace(input));
  }

  searchTraces(input: SearchTracesInput): Promise<SearchTracesResult> {
    return this.withDatabase((database) => database.searchTraces(input));
  }

  deleteTraces(input: DeleteTracesInput): Promise<number> {
    return this.withDatabase((database) => database.deleteTraces(input));
  }

  setTraceTag(input: SetTraceTagInput): Promise<void> {
    return this.withDatabase((database) => database.setTraceTag(input));
  }

  deleteTraceTag(input: DeleteTraceTagInput): Promise<void> {
    return this.withDatabase((database) => database.deleteTraceTag(input));
  }

  // ---------------------------------------------------------- artifacts

  private async artifactUri(runId: string): Promise<string> {
    return (this.knownRuns.get(runId) ?? (await this.getRun({ runId })).info).artifactUri;
  }

  async putArtifact({ runId, path, data }: PutArtifactInput): Promise<void> {
    await this.artifacts.put(await this.artifactUri(runId), path, data);
  }

  async getArtifact({ runId, path }: GetArtifactInput): Promise<Uint8Array> {
    return this.artifacts.get(await this.artifactUri(runId), path);
  }

  async listArtifacts({ runId, path }: ListArtifactsInput): Promise<FileInfo[]> {
    return this.artifacts.list(await this.artifactUri(runId), path);
  }

  // ----------------------------------------------------------- datasets
  // Dataset writes take the lease and wait instead of spooling: a new version's
  // number and its de-duplication depend on the latest version stored, the
  // caller gets that DatasetInfo back at once, a file import must run inside
  // DuckDB on the file, and copying large row sets into the JSON spool would
  // double them on disk. Run inputs refer to dataset versions that must exist,
  // so they are checked against the database the same way.

  createDatasetVersion(input: CreateDatasetVersionInput): Promise<DatasetInfo> {
    return this.withDatabase((database) => database.createDatasetVersion(input));
  }

  importDatasetFile(input: ImportDatasetFileInput): Promise<DatasetInfo> {
    return this.withDatabase((database) => database.importDatasetFile(input));
  }

  exportDataset(input: ExportDatasetInput): Promise<ExportDatasetResult> {
    return this.withDatabase((database) => database.exportDataset(input));
  }

  getDataset(input: GetDatasetInput): Promise<DatasetInfo> {
    return this.withDatabase((database) => database.getDataset(input));
  }

  listDatasets(input?: ListDatasetsInput): Promise<Page<DatasetSummary>> {
    return this.withDatabase((database) => database.listDatasets(input));
  }

  readDatasetRows(input: ReadDatasetRowsInput): Promise<Record<string, unknown>[]> {
    return this.withDatabase((database) => database.readDatasetRows(input));
  }

  logRunInputs(input: LogRunInputsInput): Promise<void> {
    return this.withDatabase((database) => database.logRunInputs(input));
  }

  // ------------------------------------------------------------ evaluations

  /** Never waits for another process: when the database is busy the rows are spooled. */
  async logEvaluationRows(input: LogEvaluationRowsInput): Promise<void> {
    await this.write([validateLogEvaluationRows(input)]);
  }

  readEvaluationRows(input: ReadEvaluationRowsInput): Promise<EvaluationRowRecord[]> {
    return this.withDatabase((database) => database.readEvaluationRows(input));
  }

  // ---------------------------------------------------------------- sql

  sql(input: SqlInput): Promise<SqlResult> {
    return this.withDatabase((database) => database.sql(input));
  }

  // ---------------------------------------------------------- lifecycle

  /**
   * Every acknowledged write is already durable (in the database or the
   * spool); flush also tries, without waiting, to move spooled writes into
   * the database so other tools reading the file see them.
   */
  flush(): Promise<void> {
    return this.serialized(async () => {
      if ((await this.spool.pending()).length === 0) return;
      const database = await this.acquire(false);
      if (database) await this.scheduleRelease();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const shared = storesByRoot.get(this.root);
    if (shared && shared.store === this && shared.references > 1) {
      shared.references -= 1;
      await this.flush();
      return;
    }
    storesByRoot.delete(this.root);
    await this.flush();
    await this.serialized(async () => {
      if (this.releaseTimer) clearTimeout(this.releaseTimer);
      await this.release();
    });
    this.closed = true;
    openStores.delete(this);
  }
}
