/** MLflow's limits (mlflow/utils/validation.py), enforced the same way so data moves freely between the two. */
export const LIMITS = {
  /** Longest metric, param or tag key. */
  entityKeyLength: 250,
  paramValueLength: 6000,
  runTagValueLength: 8000,
  experimentTagKeyLength: 250,
  experimentTagValueLength: 5000,
  experimentNameLength: 500,
  runNameLength: 250,
  /** Per-request limits of the REST `log-batch` call (the local store has none). */
  metricsPerBatch: 1000,
  paramsTagsPerBatch: 100,
  entitiesPerBatch: 1000,
} as const;
