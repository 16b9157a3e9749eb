/** Whether an experiment or run is live or soft-deleted (MLflow's `lifecycle_stage`). */
export type LifecycleStage = 'active' | 'deleted';

/** Which lifecycle stages a search includes (MLflow's `view_type`). */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

export const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];
