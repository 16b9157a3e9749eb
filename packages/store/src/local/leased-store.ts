import {
  validateCreateDatasetVersion,
  validateCreateModelVersion,
  validateCreateRegisteredModel,
  validateLogAssessments,
  validateUpdateAssessment,
  type RegistryStore,
  type Store,
  type WebhookStore,
} from '@assay/core';
import type { KnownEntities } from './known-entities.js';
import type { StoreClient } from './store-client.js';

/** What a LocalStore serves: the Store, the model registry and its webhooks. */
export type LocalStoreContract = Store & RegistryStore & WebhookStore;

type InputOf<K extends keyof LocalStoreContract> = Parameters<LocalStoreContract[K]>[0];
type ResultOf<K extends keyof LocalStoreContract> = Awaited<ReturnType<LocalStoreContract[K]>>;

/** What a forwarded call changes in the caches: entries forgotten before the call, and remembered from its result. */
interface CacheEffect<K extends keyof LocalStoreContract> {
  /** Runs before the call, synchronously, so that no write made meanwhile uses what the call changes. */
  forget?: (known: KnownEntities, input: InputOf<K>) => void;
  /** Runs with the call's result. */
  remember?: (known: KnownEntities, result: ResultOf<K>) => void;
  /**
   * Validates the input on the app's thread too, for inputs that hold the
   * caller's own values: copied to the database's thread, a class instance
   * would arrive as a plain object and pass the check it must fail.
   */
  check?: (input: InputOf<K>) => void;
  /**
   * Sent again after the database's thread died mid-call (reads, and writes
   * that set a value); any other call in progress then fails, as it may or
   * may not have been applied.
   */
  repeatable?: true;
}

/**
 * The Store methods a LocalStore forwards as they are to the database it
 * leases, each with what it changes in the caches of known experiments and
 * runs (most change nothing). The writes that may be spooled, the experiment
 * reads that may answer from the catalog, and artifacts (files that need no
 * database once the run is known) are LocalStore's own.
 */
const FORWARDED_METHODS = {
  createExperiment: {},
  searchExperiments: { repeatable: true },
  renameExperiment: { forget: (known, input) => known.forgetExperiment(input?.experimentId) },
  deleteExperiment: { forget: (known, input) => known.forgetExperiment(input?.experimentId) },
  restoreExperiment: { forget: (known, input) => known.forgetExperiment(input?.experimentId) },
  setExperimentTag: { repeatable: true },
  deleteExperimentTag: {},
  getRun: { remember: (known, run) => known.rememberRun(run), repeatable: true },
  deleteRun: { forget: (known, input) => known.forgetRun(input?.runId) },
  restoreRun: { forget: (known, input) => known.forgetRun(input?.runId) },
  getMetricHistory: { repeatable: true },
  searchRuns: { repeatable: true },
  getTrace: { repeatable: true },
  searchTraces: { repeatable: true },
  deleteTraces: {},
  setTraceTag: { repeatable: true },
  deleteTraceTag: {},
  logAssessments: { check: (input) => validateLogAssessments(input) },
  getAssessment: { repeatable: true },
  updateAssessment: { check: (input) => validateUpdateAssessment(input) },
  deleteAssessment: {},
  setModelPrices: { repeatable: true },
  deleteModelPrices: {},
  listModelPrices: { repeatable: true },
  createDatasetVersion: { check: (input) => validateCreateDatasetVersion(input) },
  importDatasetFile: {},
  exportDataset: { repeatable: true },
  getDataset: { repeatable: true },
  listDatasets: { repeatable: true },
  readDatasetRows: { repeatable: true },
  logRunInputs: {},
  readEvaluationRows: { repeatable: true },
  sql: { repeatable: true },
  // The registry's writes are all direct calls (never spooled): a registration needs its number back.
  createRegisteredModel: { check: (input) => validateCreateRegisteredModel(input) },
  getRegisteredModel: { repeatable: true },
  renameRegisteredModel: {},
  updateRegisteredModel: { repeatable: true },
  deleteRegisteredModel: {},
  searchRegisteredModels: { repeatable: true },
  setRegisteredModelTag: { repeatable: true },
  deleteRegisteredModelTag: {},
  createModelVersion: { check: (input) => validateCreateModelVersion(input) },
  getModelVersion: { repeatable: true },
  updateModelVersion: {},
  deleteModelVersion: {},
  searchModelVersions: { repeatable: true },
  setModelVersionTag: { repeatable: true },
  deleteModelVersionTag: {},
  getModelVersionDownloadUri: { repeatable: true },
  transitionModelVersionStage: {},
  getLatestVersions: { repeatable: true },
  setRegisteredModelAlias: { repeatable: true },
  deleteRegisteredModelAlias: {},
  getModelVersionByAlias: { repeatable: true },
  listRegistryEvents: { repeatable: true },
  setRegisteredModelProtection: { repeatable: true },
  createTransitionRequest: {},
  approveTransitionRequest: {},
  rejectTransitionRequest: {},
  getTransitionRequest: { repeatable: true },
  listTransitionRequests: { repeatable: true },
  createWebhook: {},
  getWebhook: { repeatable: true },
  listWebhooks: { repeatable: true },
  updateWebhook: {},
  deleteWebhook: {},
  createTestWebhookDelivery: {},
  nextWebhookDeliveries: { repeatable: true },
  recordWebhookAttempt: {},
  listWebhookDeliveries: { repeatable: true },
} satisfies { [K in keyof LocalStoreContract]?: CacheEffect<K> };

/** The Store methods LeasedStore forwards to the leased database. */
export type ForwardedMethod = keyof typeof FORWARDED_METHODS;

/** The names of the forwarded methods (what the database's thread agrees to run). */
export const FORWARDED_METHOD_NAMES = Object.keys(FORWARDED_METHODS) as readonly ForwardedMethod[];

/** Whether a call of `method` may be sent again after the database's thread died mid-call (see CacheEffect.repeatable). */
export function isRepeatable(method: string): boolean {
  return method === 'getExperiment' || method === 'getExperimentByName' || (FORWARDED_METHODS as Record<string, { repeatable?: true }>)[method]?.repeatable === true;
}

/**
 * The base of LocalStore: holds the client of the database's thread and the
 * caches, and has one forwarding method for each of FORWARDED_METHODS, made
 * once here (see LeasedStoreBase for their types).
 */
export abstract class LeasedStore {
  constructor(
    /** The database, reached on its own thread (which takes short exclusive leases on the file). */
    protected readonly database: StoreClient,
    /** What this process knows of experiments and runs, so that writes can spool without a read. */
    protected readonly known: KnownEntities,
  ) {}

  static {
    for (const name of Object.keys(FORWARDED_METHODS) as ForwardedMethod[]) {
      // One method serves every name, so its input and result are untyped here; the table above is typed per method.
      const effect: {
        forget?: (known: KnownEntities, input: never) => void;
        remember?: (known: KnownEntities, result: never) => void;
        check?: (input: never) => void;
        repeatable?: true;
      } = FORWARDED_METHODS[name];
      Object.defineProperty(this.prototype, name, {
        value: async function forward(this: LeasedStore, input: never): Promise<unknown> {
          effect.check?.(input);
          effect.forget?.(this.known, input);
          const result: unknown = await this.database.call(name, input);
          effect.remember?.(this.known, result as never);
          return result;
        },
        writable: true,
        configurable: true,
      });
    }
  }
}

/** LeasedStore with the types of its forwarding methods (they are defined on its prototype, which TypeScript cannot see). */
export const LeasedStoreBase = LeasedStore as unknown as abstract new (database: StoreClient, known: KnownEntities) => LeasedStore &
  Pick<LocalStoreContract, ForwardedMethod>;
