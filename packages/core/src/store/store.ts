import type { ArtifactStore } from './artifact-store.js';
import type { AssessmentStore } from './assessment-store.js';
import type { DatasetStore } from './dataset-store.js';
import type { EvaluationRowStore } from './evaluation-row-store.js';
import type { ExperimentStore } from './experiment-store.js';
import type { ModelPriceStore } from './model-price-store.js';
import type { RunStore } from './run-store.js';
import type { SqlStore } from './sql-store.js';
import type { StoreLifecycle } from './store-lifecycle.js';
import type { TraceStore } from './trace-store.js';

/**
 * Everything Assay persists goes through this one contract, made of role
 * interfaces that code can depend on separately. `@assay/store` implements it
 * on DuckDB; the SDK's HTTP client implements it against an Assay server. One
 * contract test suite runs against every implementation.
 *
 * Every method takes one options object. Errors are `AssayError`s:
 * `InvalidParameterError` for bad input (checked by the validation functions
 * of `@assay/core`, so every transport rejects the same input with the same
 * message), `NotFoundError` for unknown ids, `AlreadyExistsError` for taken
 * names, `ConflictError` for writes that contradict what is stored, and
 * `StoreBusyError` when a store cannot reach its database in time.
 */
export interface Store
  extends ExperimentStore,
    RunStore,
    TraceStore,
    AssessmentStore,
    ModelPriceStore,
    ArtifactStore,
    DatasetStore,
    EvaluationRowStore,
    SqlStore,
    StoreLifecycle {}
