import { resolve, join } from 'node:path';
import {
  AssayError,
  InvalidParameterError,
  errorMessage,
  type RegistryStore,
  type Store,
  type SyncWriteOptions,
  type SyncWriter,
  type WriteOperation,
} from '@assay/core';
import type { LocalStore } from '@assay/store/local';
import { isStoreServedError, readServerAnnouncement, type ServerAnnouncement } from '@assay/store/announcement';
import type { HttpStore } from '../http/http-store.js';
import type { RetryOptions } from '../http/retry-policy.js';
import { saveOpenStoresAtExit } from '../process/save-open-stores-at-exit.js';
import { SERVER_SPOOL_DIRECTORY, drainServerSpool } from './drain-server-spool.js';
import { unroutedWriteOperation, type UnroutedWrite } from './unrouted-write-operation.js';

/** Options of DirectoryStore.open. */
export interface DirectoryStoreOptions {
  /** The store directory. */
  root: string;
  /** How often, at most, the directory is looked at for a server that started or stopped (on the next operation). Default 250 ms. */
  checkIntervalMs?: number;
}

/** Who has the store now: this process through the file, or the server that announced itself. */
type Route = { kind: 'file'; store: LocalStore } | { kind: 'server'; store: HttpStore; announcement: ServerAnnouncement };

/** The Store methods a DirectoryStore passes on, by what may be done again on the new route when the route changes under a call. */
const READS = [
  'getExperiment',
  'getExperimentByName',
  'searchExperiments',
  'getRun',
  'getMetricHistory',
  'searchRuns',
  'getTrace',
  'searchTraces',
  'getAssessment',
  'listModelPrices',
  'getDataset',
  'listDatasets',
  'readDatasetRows',
  'exportDataset',
  'readEvaluationRows',
  'sql',
  'getArtifact',
  'listArtifacts',
] as const;
/** The model registry's reads (RegistryStore), repeatable like READS. */
const REGISTRY_READS = [
  'getRegisteredModel',
  'searchRegisteredModels',
  'getModelVersion',
  'searchModelVersions',
  'getModelVersionDownloadUri',
  'getLatestVersions',
  'getModelVersionByAlias',
  'listRegistryEvents',
  'getTransitionRequest',
  'listTransitionRequests',
] as const;
/** Writes applied once per writer and sequence number: they never fail for a server out of reach (they spool), so such a failure came from a read before them. */
const SEQUENCED_WRITES = ['createRun', 'updateRun', 'logBatch', 'deleteTag', 'logSpans', 'logEvaluationRows'] as const;
/** The other writes: done again on the new route only when the file route said the server holds the file (then nothing was done). */
type OtherWrite =
  | 'createExperiment'
  | 'renameExperiment'
  | 'deleteExperiment'
  | 'restoreExperiment'
  | 'setExperimentTag'
  | 'deleteExperimentTag'
  | 'deleteRun'
  | 'restoreRun'
  | 'deleteTraces'
  | 'setTraceTag'
  | 'deleteTraceTag'
  | 'logAssessments'
  | 'updateAssessment'
  | 'deleteAssessment'
  | 'setModelPrices'
  | 'deleteModelPrices'
  | 'createDatasetVersion'
  | 'importDatasetFile'
  | 'logRunInputs'
  | 'putArtifact';

/** The registry's writes are OtherWrites too: never spooled, so done again only when nothing was done. */
type PassedMethod = (typeof READS)[number] | (typeof SEQUENCED_WRITES)[number] | OtherWrite | keyof RegistryStore;

/** The methods a DirectoryStore passes on. */
type DirectoryStoreMethods = Store & RegistryStore;

const REPEATABLE_ON_SERVER_GONE = new Set<string>([...READS, ...REGISTRY_READS, ...SEQUENCED_WRITES]);
const SEQUENCED = new Set<string>(SEQUENCED_WRITES);

/** Requests to the announced server are tried a few times only: it is on this machine, and when it is gone the file is the way. */
const SERVER_RETRY: RetryOptions = { attempts: 3, initialDelayMs: 100, maxDelayMs: 1000 };

/** At process exit, every open store saves the writes that wait for a switch (its routes' own exit hooks save theirs). */
const openStores = saveOpenStoresAtExit<DirectoryStore>((store) => store.root);

function sameServer(route: Route, announcement: ServerAnnouncement | undefined): boolean {
  if (route.kind === 'file') return announcement === undefined;
  return announcement !== undefined && announcement.token === route.announcement.token && announcement.url === route.announcement.url;
}

/** Runs a method on a route's store; a server client without the registry says so instead of failing on `undefined`. */
function invoke(route: Route, method: PassedMethod, input: unknown): Promise<unknown> {
  const target = route.store as unknown as Partial<Record<PassedMethod, (input: unknown) => Promise<unknown>>>;
  const run = target[method];
  if (typeof run !== 'function') {
    const where = route.kind === 'server' ? `the assay server at ${route.announcement.url}, which serves this store directory now,` : 'the store file';
    return Promise.reject(
      new AssayError(
        'NOT_IMPLEMENTED',
        `${method} cannot run: ${where} is reached through a client without the model registry. Stop the server to use the store file directly, or upgrade @assay/sdk.`,
      ),
    );
  }
  return run.call(route.store, input);
}

async function openRoute(root: string, announcement: ServerAnnouncement | undefined): Promise<Route> {
  if (announcement !== undefined) {
    // Loaded when first used: a process that talks to the server never loads the local store or DuckDB.
    const { HttpStore } = await import('../http/http-store.js');
    const store = await HttpStore.open({
      url: announcement.url,
      headers: { authorization: `Bearer ${announcement.token}` },
      spoolDirectory: join(root, SERVER_SPOOL_DIRECTORY),
      retry: SERVER_RETRY,
    });
    return { kind: 'server', store, announcement };
  }
  const { LocalStore } = await import('@assay/store/local');
  const store = await LocalStore.open({ root, yieldToServer: true });
  // Writes that processes now ended spooled for a server that is gone: to the file, before this store's own.
  await drainServerSpool({ root });
  return { kind: 'file', store };
}

/**
 * The Store of a local store directory, whoever owns its file: while an
 * `assay server` serves the directory (it announces itself there, see
 * `@assay/store/announcement`), every call goes to it over HTTP with the
 * token it announced (an HttpStore; DuckDB is never loaded for it);
 * otherwise to the file (a LocalStore, sharing it with other processes by
 * short leases). The directory is looked at again on the next call after
 * `checkIntervalMs`, and at once when the file route is told the server
 * holds the file or the server cannot be reached and its process is gone:
 * the store then switches, and a read (or a write that failed before it was
 * handed over) that met the change is done again on the new route.
 *
 * Nothing acknowledged is lost in a switch: the old route is closed first
 * (a LocalStore's writes are then in the file or in the directory's spool,
 * which the server ingests; an HttpStore's are applied or spooled under
 * `server-spool/`), and what the server could not take moves into the
 * directory's spool with its writer and sequence numbers, so that whoever
 * holds the file applies each write once (see drainServerSpool). Each route
 * has writers of its own, so that the sequence marks of one never hide the
 * writes of the other.
 */
export class DirectoryStore implements Store, RegistryStore, SyncWriter {
  /** Writes given to this store are its to save: at process exit, the current route spools those not yet stored. */
  readonly ownsPendingWrites = true;
  /** The store directory. */
  readonly root: string;
  private route: Route;
  private switching: Promise<void> | undefined;
  private checkedAt: number;
  private closed = false;
  /** Sequenced writes waiting for a route (during a switch): saved by writeSync if the process exits first. */
  private readonly unrouted = new Set<UnroutedWrite>();
  private readonly checkIntervalMs: number;

  // Every Store method goes to the current route (see call).
  readonly getExperiment = this.pass('getExperiment');
  readonly getExperimentByName = this.pass('getExperimentByName');
  readonly searchExperiments = this.pass('searchExperiments');
  readonly getRun = this.pass('getRun');
  readonly getMetricHistory = this.pass('getMetricHistory');
  readonly searchRuns = this.pass('searchRuns');
  readonly getTrace = this.pass('getTrace');
  readonly searchTraces = this.pass('searchTraces');
  readonly getAssessment = this.pass('getAssessment');
  readonly listModelPrices = this.pass('listModelPrices');
  readonly getDataset = this.pass('getDataset');
  readonly listDatasets = this.pass('listDatasets');
  readonly readDatasetRows = this.pass('readDatasetRows');
  readonly exportDataset = this.pass('exportDataset');
  readonly readEvaluationRows = this.pass('readEvaluationRows');
  readonly sql = this.pass('sql');
  readonly getArtifact = this.pass('getArtifact');
  readonly listArtifacts = this.pass('listArtifacts');
  readonly createRun = this.pass('createRun');
  readonly updateRun = this.pass('updateRun');
  readonly logBatch = this.pass('logBatch');
  readonly deleteTag = this.pass('deleteTag');
  readonly logSpans = this.pass('logSpans');
  readonly logEvaluationRows = this.pass('logEvaluationRows');
  readonly createExperiment = this.pass('createExperiment');
  readonly renameExperiment = this.pass('renameExperiment');
  readonly deleteExperiment = this.pass('deleteExperiment');
  readonly restoreExperiment = this.pass('restoreExperiment');
  readonly setExperimentTag = this.pass('setExperimentTag');
  readonly deleteExperimentTag = this.pass('deleteExperimentTag');
  readonly deleteRun = this.pass('deleteRun');
  readonly restoreRun = this.pass('restoreRun');
  readonly deleteTraces = this.pass('deleteTraces');
  readonly setTraceTag = this.pass('setTraceTag');
  readonly deleteTraceTag = this.pass('deleteTraceTag');
  readonly logAssessments = this.pass('logAssessments');
  readonly updateAssessment = this.pass('updateAssessment');
  readonly deleteAssessment = this.pass('deleteAssessment');
  readonly setModelPrices = this.pass('setModelPrices');
  readonly deleteModelPrices = this.pass('deleteModelPrices');
  readonly createDatasetVersion = this.pass('createDatasetVersion');
  readonly importDatasetFile = this.pass('importDatasetFile');
  readonly logRunInputs = this.pass('logRunInputs');
  readonly putArtifact = this.pass('putArtifact');
  // The model registry, on the current route too.
  readonly createRegisteredModel = this.pass('createRegisteredModel');
  readonly getRegisteredModel = this.pass('getRegisteredModel');
  readonly renameRegisteredModel = this.pass('renameRegisteredModel');
  readonly updateRegisteredModel = this.pass('updateRegisteredModel');
  readonly deleteRegisteredModel = this.pass('deleteRegisteredModel');
  readonly searchRegisteredModels = this.pass('searchRegisteredModels');
  readonly setRegisteredModelTag = this.pass('setRegisteredModelTag');
  readonly deleteRegisteredModelTag = this.pass('deleteRegisteredModelTag');
  readonly createModelVersion = this.pass('createModelVersion');
  readonly getModelVersion = this.pass('getModelVersion');
  readonly updateModelVersion = this.pass('updateModelVersion');
  readonly deleteModelVersion = this.pass('deleteModelVersion');
  readonly searchModelVersions = this.pass('searchModelVersions');
  readonly setModelVersionTag = this.pass('setModelVersionTag');
  readonly deleteModelVersionTag = this.pass('deleteModelVersionTag');
  readonly getModelVersionDownloadUri = this.pass('getModelVersionDownloadUri');
  readonly transitionModelVersionStage = this.pass('transitionModelVersionStage');
  readonly getLatestVersions = this.pass('getLatestVersions');
  readonly setRegisteredModelAlias = this.pass('setRegisteredModelAlias');
  readonly deleteRegisteredModelAlias = this.pass('deleteRegisteredModelAlias');
  readonly getModelVersionByAlias = this.pass('getModelVersionByAlias');
  readonly listRegistryEvents = this.pass('listRegistryEvents');
  readonly setRegisteredModelProtection = this.pass('setRegisteredModelProtection');
  readonly createTransitionRequest = this.pass('createTransitionRequest');
  readonly approveTransitionRequest = this.pass('approveTransitionRequest');
  readonly rejectTransitionRequest = this.pass('rejectTransitionRequest');
  readonly getTransitionRequest = this.pass('getTransitionRequest');
  readonly listTransitionRequests = this.pass('listTransitionRequests');

  private constructor(root: string, route: Route, checkIntervalMs: number) {
    this.root = root;
    this.route = route;
    this.checkIntervalMs = checkIntervalMs;
    this.checkedAt = performance.now();
  }

  /**
   * Opens the store of a directory: through its announced server if one runs, else through the file.
   * @throws InvalidParameterError for a negative checkIntervalMs, or a directory the local store cannot use.
   */
  static async open(options: DirectoryStoreOptions): Promise<DirectoryStore> {
    const checkIntervalMs = options.checkIntervalMs ?? 250;
    if (typeof checkIntervalMs !== 'number' || !Number.isFinite(checkIntervalMs) || checkIntervalMs < 0) {
      throw new InvalidParameterError(`checkIntervalMs must be a number of milliseconds, 0 or more; got ${String(checkIntervalMs)}.`);
    }
    const root = resolve(options.root);
    const store = new DirectoryStore(root, await openRoute(root, readServerAnnouncement(root)), checkIntervalMs);
    openStores.add(store);
    return store;
  }

  /** Who has the store now: `'file'` or the server's URL. */
  get via(): 'file' | string {
    return this.route.kind === 'file' ? 'file' : this.route.announcement.url;
  }

  /** A Store (or RegistryStore) method that runs on the current route. */
  private pass<K extends PassedMethod>(method: K): DirectoryStoreMethods[K] {
    return ((input: unknown) => this.call(method, input)) as DirectoryStoreMethods[K];
  }

  /** Runs a Store method on the current route; again on the new route when the route changed under it and doing it again is safe. */
  private async call(method: PassedMethod, input: unknown): Promise<unknown> {
    const route = await this.routeFor(method, input);
    try {
      return await invoke(route, method, input);
    } catch (error) {
      if (!(await this.changedAfter(route, error, method))) throw error;
      const next = await this.routeFor(method, input);
      return invoke(next, method, input);
    }
  }

  /**
   * The route for a call; a sequenced write waiting for it (during a switch)
   * is kept in `unrouted` meanwhile, so that writeSync saves it if the
   * process exits first. The route's method then takes it in the same tick.
   */
  private async routeFor(method: PassedMethod, input: unknown): Promise<Route> {
    if (!SEQUENCED.has(method)) return this.currentRoute();
    const write: UnroutedWrite = { method: method as UnroutedWrite['method'], input };
    this.unrouted.add(write);
    try {
      return await this.currentRoute();
    } finally {
      this.unrouted.delete(write);
    }
  }

  /**
   * After a failed call: whether the route changed and the call may be done
   * again there. The file route told the server holds the file (nothing was
   * done: it never got the file); or the server cannot be reached and is gone
   * (for reads and sequenced writes only, which are safe to do again).
   */
  private async changedAfter(route: Route, error: unknown, method: PassedMethod): Promise<boolean> {
    if (this.closed) return false;
    if (route.kind === 'file') {
      if (!isStoreServedError(error)) return false;
    } else {
      if (!(AssayError.isInstance(error) && error.code === 'STORE_BUSY')) return false;
      if (!REPEATABLE_ON_SERVER_GONE.has(method)) {
        // Maybe applied, so not done again; the next call looks at the directory at once.
        this.checkedAt = -Infinity;
        return false;
      }
    }
    if (this.switching !== undefined) await this.switching;
    if (this.route !== route) return true;
    const announcement = readServerAnnouncement(this.root);
    if (sameServer(route, announcement)) return false;
    await this.switchTo(announcement);
    return true;
  }

  /** The route, after looking at the directory when checkIntervalMs has passed (switching if the server started or stopped). */
  private async currentRoute(): Promise<Route> {
    if (this.closed) throw new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.');
    if (this.switching !== undefined) await this.switching;
    const now = performance.now();
    if (now - this.checkedAt >= this.checkIntervalMs) {
      this.checkedAt = now;
      const announcement = readServerAnnouncement(this.root);
      if (!sameServer(this.route, announcement)) await this.switchTo(announcement);
    }
    return this.route;
  }

  /** Closes the current route and opens the one `announcement` says (one switch at a time). */
  private switchTo(announcement: ServerAnnouncement | undefined): Promise<void> {
    this.switching ??= (async () => {
      if (sameServer(this.route, announcement)) return;
      await this.closeRoute(this.route);
      try {
        this.route = await openRoute(this.root, announcement);
      } catch (error) {
        if (announcement === undefined) throw error;
        console.warn(`[assay] could not use the server announced in ${this.root} (${errorMessage(error)}); using the file.`);
        this.route = await openRoute(this.root, undefined);
      }
      this.checkedAt = performance.now();
    })().finally(() => {
      this.switching = undefined;
    });
    return this.switching;
  }

  /** Closes a route so that everything it acknowledged is durable where the next owner finds it. */
  private async closeRoute(route: Route): Promise<void> {
    try {
      await route.store.close();
    } catch (error) {
      console.warn(`[assay] closing the ${route.kind === 'file' ? 'store file' : `connection to ${route.announcement.url}`} of ${this.root}: ${errorMessage(error)}`);
    }
    // What the server did not take (it is gone, or was out of reach): to the directory's spool, applied once by the file's next holder.
    if (route.kind === 'server') await drainServerSpool({ root: this.root, ownWriter: route.store.writer });
  }

  /**
   * At process exit (synchronous): the current route spools every write it
   * was given and has not stored, then the writes waiting for a switch, then
   * `operations` (a LocalStore into the directory's spool, an HttpStore under
   * `server-spool/`, which the next process to use the directory moves on).
   */
  writeSync(operations: readonly WriteOperation[], options?: SyncWriteOptions): void {
    const waiting = [...this.unrouted].flatMap((write) => unroutedWriteOperation(write) ?? []);
    this.unrouted.clear();
    this.route.store.writeSync([...waiting, ...operations], options);
  }

  /** Makes every write given so far durable (see LocalStore.flush and HttpStore.flush). */
  async flush(): Promise<void> {
    if (this.closed) return;
    if (this.switching !== undefined) await this.switching;
    await this.route.store.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.switching !== undefined) await this.switching.catch(() => undefined);
    this.closed = true;
    openStores.delete(this);
    await this.closeRoute(this.route);
  }
}
