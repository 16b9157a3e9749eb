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
  type PutArtifactInput,
  type Run,
  type RunInfo,
  type Store,
  type SyncWriter,
  type UpdateRunInput,
  type WriteOperation,
  errorMessage,
} from '@assay/core';
import { LocalArtifactRepository, PROXY_ARTIFACT_SCHEME } from '../artifacts/local-artifact-repository.js';
import { DatabaseLease } from './database-lease.js';
import { endRunsOfGoneProcesses } from './end-runs-of-gone-processes.js';
import { EXPERIMENT_CATALOG_FILE, ExperimentCatalog } from './experiment-catalog.js';
import { KnownEntities } from './known-entities.js';
import { LeasedStoreBase } from './leased-store.js';
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
  /**
   * How long an operation that must reach the database (a read) waits for
   * another process before it fails with StoreBusyError; writes never wait.
   * Default: the ASSAY_STORE_BUSY_TIMEOUT_MS environment variable, else 30 s.
   */
  busyTimeoutMs?: number;
}

/** The environment variable that sets how long reads wait for a busy store (milliseconds). */
export const BUSY_TIMEOUT_ENV = 'ASSAY_STORE_BUSY_TIMEOUT_MS';

/** How long reads wait for a busy store unless told: ASSAY_STORE_BUSY_TIMEOUT_MS, else 30 s. */
export function defaultBusyTimeoutMs(): number {
  const configured = Number(process.env[BUSY_TIMEOUT_ENV]);
  return process.env[BUSY_TIMEOUT_ENV] !== undefined && Number.isFinite(configured) && configured >= 0 ? configured : 30_000;
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
 * through short leases on its file (see DatabaseLease). Reads and the other
 * writes wait for the file (forwarded by LeasedStore); the writes below never
 * wait: when the file is busy they go to a durable spool that the next lease
 * holder ingests before anything else, so nothing is lost and every reader
 * sees every acknowledged write.
 */
export class LocalStore extends LeasedStoreBase implements Store, SyncWriter {
  /** logSpans reads span attributes left to `encodings` (see LogSpansInput): Assay's tracer then skips decoding payloads. */
  readonly acceptsSpanEncodings = true;
  readonly root: string;
  readonly databasePath: string;
  private readonly spool: Spool;
  private readonly artifacts: LocalArtifactRepository;
  private closed = false;

  private constructor(options: LocalStoreOptions) {
    const root = resolve(options.root);
    const databasePath = join(root, DATABASE_FILE);
    const spool = new Spool(join(root, SPOOL_DIRECTORY));
    const artifacts = new LocalArtifactRepository(join(root, 'artifacts'));
    let checkedRuns = false;
    const lease = new DatabaseLease({
      databasePath,
      artifactRoot: artifacts.root,
      spool,
      waitingDirectory: join(root, 'waiting'),
      lingerMs: options.lingerMs ?? 2000,
      maxHoldMs: options.maxHoldMs ?? 1000,
      busyTimeoutMs: options.busyTimeoutMs ?? defaultBusyTimeoutMs(),
      // Once per store: the first time this process has the database (see endRunsOfGoneProcesses).
      afterOpen: async (database) => {
        if (checkedRuns) return;
        checkedRuns = true;
        await endRunsOfGoneProcesses({ database });
      },
    });
    super(lease, new KnownEntities(new ExperimentCatalog(join(root, EXPERIMENT_CATALOG_FILE))));
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
    const read = await this.lease.tryWithDatabase((database) => database.getExperiment({ experimentId: id }));
    const experiment = read?.value ?? this.known.catalog?.find({ experimentId: id }) ?? (await this.lease.withDatabase((database) => database.getExperiment({ experimentId: id })));
    this.known.rememberExperiment(experiment);
    return experiment;
  }

  /** The experiment with this name, or undefined; from the catalog while the database is busy or damaged, as getExperiment. */
  async getExperimentByName({ name }: GetExperimentByNameInput): Promise<Experiment | undefined> {
    const read = await this.lease.tryWithDatabase((database) => database.getExperimentByName({ name }));
    const experiment = read
      ? read.value
      : (this.known.catalog?.find({ name: String(name) }) ?? (await this.lease.withDatabase((database) => database.getExperimentByName({ name }))));
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
    const read = await this.lease.tryWithDatabase((database) => database.getExperiment({ experimentId }));
    const experiment = read?.value ?? this.known.catalog?.find({ experimentId }) ?? (experimentId === DEFAULT_EXPERIMENT_ID ? defaultExperiment() : undefined);
    if (!experiment) return this.getExperiment({ experimentId });
    if (read) this.known.rememberExperiment(experiment);
    return experiment;
  }

  // ------------------------------------------------ writes that may be spooled

  async createRun(input: CreateRunInput): Promise<Run> {
    const experiment = await this.experimentOfNewRun(String(input?.experimentId));
    const operation = resolveCreateRun({ input, experiment });
    if (operation.run.parentRunId !== undefined) await this.requireRun(operation.run.parentRunId);
    await this.lease.write([operation]);
    return this.known.rememberCreatedRun(operation.run);
  }

  async updateRun(input: UpdateRunInput): Promise<RunInfo> {
    const operation = validateUpdateRun(input);
    const known = await this.requireRun(operation.runId);
    await this.lease.write([operation]);
    return this.known.rememberUpdate(known, operation);
  }

  async logBatch(input: LogBatchInput): Promise<void> {
    const operation = validateLogBatch(input);
    await this.requireRun(operation.runId);
    this.known.checkParams(operation);
    await this.lease.write([operation]);
    this.known.rememberParams(operation);
  }

  async deleteTag(input: DeleteTagInput): Promise<void> {
    const operation = validateDeleteTag(input);
    await this.requireRun(operation.runId);
    await this.lease.write([operation]);
  }

  async logSpans(input: LogSpansInput): Promise<void> {
    await this.lease.write([validateLogSpans(input)]);
  }

  async logEvaluationRows(input: LogEvaluationRowsInput): Promise<void> {
    await this.lease.write([validateLogEvaluationRows(input)]);
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
   * applies them; invalid ones land in `rejected_writes`.
   */
  writeSync(operations: readonly WriteOperation[]): void {
    if (operations.length === 0) return;
    mkdirSync(this.spool.directory, { recursive: true });
    this.spool.writeSync(operations);
  }

  /** Releases the database file at once (for process exit). */
  releaseSync(): void {
    this.lease.releaseSync();
  }

  /**
   * Every acknowledged write is already durable (in the database or the
   * spool); flush also tries, without waiting, to move spooled writes into
   * the database so other tools reading the file see them.
   */
  flush(): Promise<void> {
    return this.lease.flush();
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
    await this.lease.close();
    this.closed = true;
    openStores.delete(this);
  }
}
