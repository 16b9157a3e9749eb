import type { Store } from '@assay/core';
import type { DatabaseLease } from './database-lease.js';
import type { KnownEntities } from './known-entities.js';

type InputOf<K extends keyof Store> = Parameters<Store[K]>[0];
type ResultOf<K extends keyof Store> = Awaited<ReturnType<Store[K]>>;

/** What a forwarded call changes in the caches: entries forgotten before the call, and remembered from its result. */
interface CacheEffect<K extends keyof Store> {
  /** Runs before the call, synchronously, so that no write made meanwhile uses what the call changes. */
  forget?: (known: KnownEntities, input: InputOf<K>) => void;
  /** Runs with the call's result. */
  remember?: (known: KnownEntities, result: ResultOf<K>) => void;
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
  searchExperiments: {},
  renameExperiment: { forget: (known, input) => known.forgetExperiment(input?.experimentId) },
  deleteExperiment: { forget: (known, input) => known.forgetExperiment(input?.experimentId) },
  restoreExperiment: { forget: (known, input) => known.forgetExperiment(input?.experimentId) },
  setExperimentTag: {},
  deleteExperimentTag: {},
  getRun: { remember: (known, run) => known.rememberRun(run) },
  deleteRun: { forget: (known, input) => known.forgetRun(input?.runId) },
  restoreRun: { forget: (known, input) => known.forgetRun(input?.runId) },
  getMetricHistory: {},
  searchRuns: {},
  getTrace: {},
  searchTraces: {},
  deleteTraces: {},
  setTraceTag: {},
  deleteTraceTag: {},
  logAssessments: {},
  getAssessment: {},
  updateAssessment: {},
  deleteAssessment: {},
  setModelPrices: {},
  deleteModelPrices: {},
  listModelPrices: {},
  createDatasetVersion: {},
  importDatasetFile: {},
  exportDataset: {},
  getDataset: {},
  listDatasets: {},
  readDatasetRows: {},
  logRunInputs: {},
  readEvaluationRows: {},
  sql: {},
} satisfies { [K in keyof Store]?: CacheEffect<K> };

/** The Store methods LeasedStore forwards to the leased database. */
export type ForwardedMethod = keyof typeof FORWARDED_METHODS;

/**
 * The base of LocalStore: holds the lease and the caches, and has one
 * forwarding method for each of FORWARDED_METHODS, made once here (see
 * LeasedStoreBase for their types).
 */
export abstract class LeasedStore {
  constructor(
    /** Short exclusive leases on the database file. */
    protected readonly lease: DatabaseLease,
    /** What this process knows of experiments and runs, so that writes can spool without a read. */
    protected readonly known: KnownEntities,
  ) {}

  static {
    for (const name of Object.keys(FORWARDED_METHODS) as ForwardedMethod[]) {
      // One method serves every name, so its input and result are untyped here; the table above is typed per method.
      const effect: { forget?: (known: KnownEntities, input: never) => void; remember?: (known: KnownEntities, result: never) => void } =
        FORWARDED_METHODS[name];
      Object.defineProperty(this.prototype, name, {
        value: async function forward(this: LeasedStore, input: never): Promise<unknown> {
          effect.forget?.(this.known, input);
          const result: unknown = await this.lease.withDatabase((database) => (database[name] as (input: never) => Promise<unknown>)(input));
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
export const LeasedStoreBase = LeasedStore as unknown as abstract new (lease: DatabaseLease, known: KnownEntities) => LeasedStore &
  Pick<Store, ForwardedMethod>;
