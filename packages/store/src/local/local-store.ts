import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  InvalidParameterError,
  resolveCreateRun,
  validateDeleteTag,
  validateLogBatch,
  validateLogEvaluationRows,
  validateLogSpans,
  validateUpdateRun,
  type CreateRunInput,
  type DeleteTagInput,
  type Experiment,
  type ExperimentIdInput,
  type FileInfo,
  type GetArtifactInput,
  type GetExperimentByNameInput,
  type ListArtifactsInput,
  type LogBatchInput,
  type LogEvaluationRowsInput,
  type LogSpansInput,
  type LogSpansResult,
  type PutArtifactInput,
  type Run,
  type RunInfo,
  type RegistryStore,
  type WebhookStore,
  type Store,
  type SyncWriteOptions,
  type SyncWriter,
  type UpdateRunInput,
  type WriteOperation,
  type SequencedWriter,
  type SequencedWriteResult,
  type StoreWrite,
  type WriteSequencedInput,
  errorMessage,
  validateWriteSequenced,
} from '@assay/core';
import { LocalArtifactRepository, PROXY_ARTIFACT_SCHEME } from '../artifacts/local-artifact-repository.js';
import { EXPERIMENT_CATALOG_FILE, ExperimentCatalog } from './experiment-catalog.js';
import { KnownEntities } from './known-entities.js';
import { LeasedStoreBase } from './leased-store.js';
import { SPOOL_DIRECTORY, Spool, type ForeignOrigin } from './spool.js';
import { StoreClient, type StoreThread, type WriteResult } from './store-client.js';

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
  /**
   * How long an operation that must reach the database (a read) waits for
   * another process before it fails with StoreBusyError; writes never wait.
   * Default: the ASSAY_STORE_BUSY_TIMEOUT_MS environment variable (whole
   * milliseconds), else 30 s. Waiting processes get the file in the order
   * they began to wait, so a long timeout only makes a read wait for its
   * turn under heavy load instead of failing. Open rejects with
   * InvalidParameterError for a negative or non-numeric value (given or in
   * the environment).
   */
  busyTimeoutMs?: number;
  /**
   * Where the database work runs. `'worker'` (the default): a worker thread
   * owns DuckDB, the file and the spool, so DuckDB's appends, commits and
   * checkpoints never take the app's thread (which does not even load
   * DuckDB); writes that pile up while one commits go together in the next
   * transaction. `'inline'`: on the app's thread (tools that use the store
   * briefly, tests).
   */
  thread?: StoreThread;
  /**
   * How long the app's thread waits at process exit for the worker to finish
   * the transaction in progress (one at most MAX_ROWS_PER_COMMIT rows) and
   * release the file; the writes it has not reported committed by then are
   * spooled (and skipped later if it did commit them). Default 10,000 ms: a
   * last resort, as DuckDB's bindings can abort a process that ends while
   * one of their calls is pending.
   */
  exitWaitMs?: number;
  /**
   * Keep the database file from the first operation until close, never
   * handing it to other processes: for `assay server`, which announces
   * itself in the directory so that they talk to it instead. Default false.
   */
  holdUntilClosed?: boolean;
  /**
   * Stop waiting for the file with StoreServedError (code STORE_BUSY) once
   * an `assay server` announced itself in the directory: for callers that
   * then talk to it (the SDK's DirectoryStore). Default false.
   */
  yieldToServer?: boolean;
}

/** The environment variable that sets how long reads wait for a busy store (milliseconds). */
export const BUSY_TIMEOUT_ENV = 'ASSAY_STORE_BUSY_TIMEOUT_MS';

/**
 * How long reads wait for a busy store unless told: ASSAY_STORE_BUSY_TIMEOUT_MS
 * (a whole number of milliseconds; unset or empty means the default), else
 * 30 s. InvalidParameterError for any other value, rather than waiting for a
 * time nobody asked for.
 */
export function defaultBusyTimeoutMs(): number {
  const configured = process.env[BUSY_TIMEOUT_ENV]?.trim();
  if (configured === undefined || configured === '') return 30_000;
  const value = Number(configured);
  if (!/^\d+$/u.test(configured) || !Number.isSafeInteger(value)) {
    throw new InvalidParameterError(
      `${BUSY_TIMEOUT_ENV} must be a whole number of milliseconds (e.g. 600000 for 10 minutes), or unset for the default of 30000; got '${process.env[BUSY_TIMEOUT_ENV]}'.`,
    );
  }
  return value;
}

/** busyTimeoutMs as given to LocalStore.open, else the default (defaultBusyTimeoutMs); InvalidParameterError for a value that is not a time. */
function busyTimeoutMsOf(given: number | undefined): number {
  if (given === undefined) return defaultBusyTimeoutMs();
  if (typeof given !== 'number' || !Number.isFinite(given) || given < 0) {
    throw new InvalidParameterError(`busyTimeoutMs must be a number of milliseconds, 0 or more; got ${String(given)}.`);
  }
  return given;
}

/** The database file's name inside a store directory. */
export const DATABASE_FILE = 'assay.duckdb';

/** The Default experiment as every store creates it: what a new run in it needs while the database cannot be read. */
function defaultExperiment(): Experiment {
  return {
    experimentId: DEFAULT_EXPERIMENT_ID,
    name: DEFAULT_EXPERIMENT_NAME,
    artifactLocation: `${PROXY_ARTIFACT_SCHEME}/${DEFAULT_EXPERIMENT_ID}`,
    lifecycleStage: 'active',
    creationTime: 0,
    lastUpdateTime: 0,
    tags: {},
  };
}

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
 * The embedded store for several processes at once: a DuckDbStore reached
 * through short leases on its file (see DatabaseLease), on a worker thread by
 * default (see StoreHost; `thread`). Reads and the other writes wait for the
 * file (forwarded by LeasedStore); the writes below never wait: when the file
 * is busy they go to a durable spool that the next lease holder ingests
 * before anything else, so nothing is lost and every reader sees every
 * acknowledged write.
 */
/** A write method's validated operation, the check it needs before it is handed over, and its answer once durable. */
interface PreparedWrite {
  operation: WriteOperation;
  check?: () => Promise<unknown>;
  result?: () => Run | RunInfo | undefined;
}

export class LocalStore extends LeasedStoreBase implements Store, RegistryStore, WebhookStore, SyncWriter, SequencedWriter {
  /** logSpans reads span attributes left to `encodings` (see LogSpansInput): Assay's tracer then skips decoding payloads. */
  readonly acceptsSpanEncodings = true;
  /**
   * A write given to this store (createRun, logBatch, logSpans, ...) is its
   * to save from then on: at process exit (writeSync, releaseSync) it is
   * spooled if it is not yet stored, so callers need not save it again.
   */
  readonly ownsPendingWrites = true;
  readonly root: string;
  readonly databasePath: string;
  private readonly spool: Spool;
  private readonly artifacts: LocalArtifactRepository;
  // Writes accepted by a write method that are not yet handed to the database's thread (their run is being checked), with their foreign origin if any.
  private readonly accepted = new Map<WriteOperation, ForeignOrigin | undefined>();
  private closed = false;

  private constructor(options: LocalStoreOptions) {
    const root = resolve(options.root);
    const databasePath = join(root, DATABASE_FILE);
    const spool = new Spool(join(root, SPOOL_DIRECTORY));
    const artifacts = new LocalArtifactRepository(join(root, 'artifacts'));
    const database = new StoreClient({
      host: {
        databasePath,
        artifactRoot: artifacts.root,
        spoolDirectory: spool.directory,
        waitingDirectory: join(root, 'waiting'),
        lingerMs: options.lingerMs ?? 2000,
        maxHoldMs: options.maxHoldMs ?? 1000,
        busyTimeoutMs: busyTimeoutMsOf(options.busyTimeoutMs),
        ...(options.holdUntilClosed === true ? { holdUntilClosed: true } : {}),
        ...(options.yieldToServer === true ? { yieldToServer: true } : {}),
      },
      thread: options.thread ?? 'worker',
      spool,
      exitWaitMs: options.exitWaitMs ?? 10_000,
    });
    super(database, new KnownEntities(new ExperimentCatalog(join(root, EXPERIMENT_CATALOG_FILE))));
    this.root = root;
    this.databasePath = databasePath;
    this.spool = spool;
    this.artifacts = artifacts;
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
        `Cannot use ${root} as the tracking store: ${errorMessage(error)}. ` +
          'Point the tracking URI (setTrackingUri or ASSAY_TRACKING_URI) at a directory that can be created and written.',
        { cause: error },
      );
    }
    openStores.add(store);
    installExitHook();
    return store;
  }

  // ------------------------------------- experiments, from the catalog when busy

  /**
   * The experiment, read from the database; while the database is busy or
   * damaged, an active experiment this store directory has seen before comes
   * from its catalog as it was then (see ExperimentCatalog), and only an
   * unknown one waits for the database.
   */
  async getExperiment({ experimentId }: ExperimentIdInput): Promise<Experiment> {
    const id = String(experimentId);
    const read = await this.database.tryCall('getExperiment', { experimentId: id });
    const experiment = read?.value ?? this.known.catalog?.find({ experimentId: id }) ?? (await this.database.call('getExperiment', { experimentId: id }));
    this.known.rememberExperiment(experiment);
    return experiment;
  }

  /** The experiment with this name, or undefined; from the catalog while the database is busy or damaged, as getExperiment. */
  async getExperimentByName({ name }: GetExperimentByNameInput): Promise<Experiment | undefined> {
    const read = await this.database.tryCall('getExperimentByName', { name });
    const experiment = read ? read.value : (this.known.catalog?.find({ name: String(name) }) ?? (await this.database.call('getExperimentByName', { name })));
    if (experiment) this.known.rememberExperiment(experiment);
    return experiment;
  }

  /**
   * The experiment of a new run, without waiting when it can be helped: known
   * to this process, read now, from the catalog, or the Default experiment
   * (it always exists and cannot be deleted); else it waits for the database.
   */
  private async experimentOfNewRun(experimentId: string): Promise<Experiment> {
    const known = this.known.experiment(experimentId);
    if (known) return known;
    const read = await this.database.tryCall('getExperiment', { experimentId });
    const experiment = read?.value ?? this.known.catalog?.find({ experimentId }) ?? (experimentId === DEFAULT_EXPERIMENT_ID ? defaultExperiment() : undefined);
    if (!experiment) return this.getExperiment({ experimentId });
    if (read) this.known.rememberExperiment(experiment);
    return experiment;
  }

  // ------------------------------------------------ writes that may be spooled

  async createRun(input: CreateRunInput): Promise<Run> {
    return (await this.write({ method: 'createRun', input })) as Run;
  }

  async updateRun(input: UpdateRunInput): Promise<RunInfo> {
    return (await this.write({ method: 'updateRun', input })) as RunInfo;
  }

  async logBatch(input: LogBatchInput): Promise<void> {
    await this.write({ method: 'logBatch', input });
  }

  async deleteTag(input: DeleteTagInput): Promise<void> {
    await this.write({ method: 'deleteTag', input });
  }

  readonly rejectsOtherExperimentTraces = true;

  /** Answers with the traces left out (see LogSpansInput.otherExperimentTraces); none when the write was spooled: its ingest records them in `rejected_writes`. */
  async logSpans(input: LogSpansInput): Promise<LogSpansResult> {
    // Handed over in the caller's tick (see write).
    const { written } = await this.handOver(validateLogSpans(input));
    return written;
  }

  async logEvaluationRows(input: LogEvaluationRowsInput): Promise<void> {
    await this.write({ method: 'logEvaluationRows', input });
  }

  /**
   * A remote writer's writes (a server's client), each applied once per its
   * sequence number (see SequencedWriter): checked and handed to the
   * database in order, one after the other, so that the database applies
   * them in sequence order; their commits are awaited together.
   */
  async writeSequenced(input: WriteSequencedInput): Promise<SequencedWriteResult[]> {
    const { writer, writes } = validateWriteSequenced(input);
    const outcomes: Promise<SequencedWriteResult>[] = [];
    for (const write of writes) {
      try {
        const pending = this.prepare(write);
        const prepared = pending instanceof Promise ? await pending : pending;
        const { written } = await this.handOver(prepared.operation, prepared.check, { writer, sequence: write.sequence });
        outcomes.push(
          written.then(
            (): SequencedWriteResult => ({ status: 'fulfilled', value: prepared.result?.() }),
            (reason: unknown): SequencedWriteResult => ({ status: 'rejected', reason }),
          ),
        );
      } catch (reason) {
        outcomes.push(Promise.resolve({ status: 'rejected', reason }));
      }
    }
    return Promise.all(outcomes);
  }

  /** Runs one write method: checked, handed to the database, and answered once durable. */
  private async write(write: StoreWrite): Promise<Run | RunInfo | undefined> {
    // Accepted in the caller's tick when nothing needs reading first: a process.exit() right after the call still spools it.
    const pending = this.prepare(write);
    const prepared = pending instanceof Promise ? await pending : pending;
    const { written } = await this.handOver(prepared.operation, prepared.check);
    await written;
    return prepared.result?.();
  }

  /**
   * A write method's operation (validated), the check it needs before it is
   * handed over (its run exists, ...), and its answer once it is durable;
   * synchronously, except for createRun, which needs its experiment first.
   */
  private prepare(write: StoreWrite): PreparedWrite | Promise<PreparedWrite> {
    switch (write.method) {
      case 'createRun':
        return this.prepareCreateRun(write.input);
      case 'updateRun': {
        const operation = validateUpdateRun(write.input);
        let known: RunInfo | undefined;
        return {
          operation,
          check: async () => {
            known = await this.requireRun(operation.runId);
          },
          result: () => this.known.rememberUpdate(known!, operation),
        };
      }
      case 'logBatch': {
        const operation = validateLogBatch(write.input);
        return {
          operation,
          check: async () => {
            await this.requireRun(operation.runId);
            this.known.checkParams(operation);
          },
          result: () => {
            this.known.rememberParams(operation);
            return undefined;
          },
        };
      }
      case 'deleteTag': {
        const operation = validateDeleteTag(write.input);
        return { operation, check: () => this.requireRun(operation.runId) };
      }
      case 'logSpans':
        return { operation: validateLogSpans(write.input) };
      case 'logEvaluationRows':
        return { operation: validateLogEvaluationRows(write.input) };
      default:
        throw new InvalidParameterError(`Unknown write method '${String((write as { method?: unknown }).method)}'.`);
    }
  }

  private async prepareCreateRun(input: CreateRunInput): Promise<PreparedWrite> {
    const experiment = await this.experimentOfNewRun(String(input?.experimentId));
    const operation = resolveCreateRun({ input, experiment });
    const parentRunId = operation.run.parentRunId;
    return {
      operation,
      ...(parentRunId !== undefined ? { check: () => this.requireRun(parentRunId) } : {}),
      result: () => this.known.rememberCreatedRun(operation.run),
    };
  }

  /**
   * Hands a write to the database once `check` passes (its run exists, ...),
   * and resolves, once it is handed over, with the promise of its being
   * durable (wrapped: a promise would be awaited in its place). From the call
   * on, the write is this store's: if the process exits while the check
   * runs, it is spooled (see settleSync), with its foreign origin if it has one.
   */
  private async handOver(operation: WriteOperation, check?: () => Promise<unknown>, origin?: ForeignOrigin): Promise<{ written: Promise<WriteResult> }> {
    this.accepted.set(operation, origin);
    try {
      await check?.();
    } catch (error) {
      this.accepted.delete(operation);
      throw error;
    }
    // Already spooled at exit meanwhile: it is durable.
    if (!this.accepted.delete(operation)) return { written: Promise.resolve({ rejectedTraces: [] }) };
    return { written: this.database.write(operation, origin) };
  }

  /** A run's info, from what this process knows, else read (NotFoundError for an unknown run). */
  private async requireRun(runId: string): Promise<RunInfo> {
    return this.known.run(runId) ?? (await this.getRun({ runId })).info;
  }

  // ------------------------------------------ artifacts: files beside the database

  async putArtifact({ runId, path, data }: PutArtifactInput): Promise<void> {
    await this.artifacts.put((await this.requireRun(runId)).artifactUri, path, data);
  }

  async getArtifact({ runId, path }: GetArtifactInput): Promise<Uint8Array> {
    return this.artifacts.get((await this.requireRun(runId)).artifactUri, path);
  }

  async listArtifacts({ runId, path }: ListArtifactsInput): Promise<FileInfo[]> {
    return this.artifacts.list((await this.requireRun(runId)).artifactUri, path);
  }

  // --------------------------------------------------------------- lifecycle

  /**
   * Appends writes to the spool synchronously, without validating them or
   * touching the database: for a process 'exit' handler, where nothing
   * asynchronous runs any more. The next lease holder (in any process)
   * applies them; invalid ones land in `rejected_writes`. First, every write
   * this store was given and has not stored is spooled (see releaseSync), so
   * the spool keeps them in order; `writeSync([])` does only that.
   */
  writeSync(operations: readonly WriteOperation[], options: SyncWriteOptions = {}): void {
    this.settleSync(options.waitMs);
    if (operations.length === 0) return;
    mkdirSync(this.spool.directory, { recursive: true });
    this.spool.writeSync(operations);
  }

  /**
   * For process exit: stops the database's thread after its transaction in
   * progress (waiting for it at most `exitWaitMs`), which releases the file,
   * and spools synchronously every write given to this store that is not
   * stored yet. A later operation starts the thread again.
   */
  releaseSync(): void {
    this.settleSync();
  }

  private settleSync(waitMs?: number): void {
    this.database.settleSync(waitMs);
    if (this.accepted.size === 0) return;
    const accepted = [...this.accepted];
    this.accepted.clear();
    mkdirSync(this.spool.directory, { recursive: true });
    // Foreign writes keep their writer's sequence number (a copy the client sends again is then skipped); the others need none.
    const foreign = accepted.filter(([, origin]) => origin !== undefined);
    const own = accepted.filter(([, origin]) => origin === undefined).map(([operation]) => operation);
    if (own.length > 0) this.spool.writeSync(own);
    if (foreign.length > 0) {
      this.spool.writeSync(
        foreign.map(([operation]) => operation),
        { writer: foreign[0]![1]!.writer, writers: foreign.map(([, origin]) => origin!.writer), sequences: foreign.map(([, origin]) => origin!.sequence) },
      );
    }
  }

  /**
   * Every acknowledged write is already durable (in the database or the
   * spool); flush waits for the writes handed over before it, and also tries,
   * without waiting, to move spooled writes into the database so other tools
   * reading the file see them.
   */
  flush(): Promise<void> {
    return this.database.flush();
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
    await this.database.close();
    this.closed = true;
    openStores.delete(this);
  }
}
