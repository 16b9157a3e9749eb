import { api } from './assay-api';
import type { MlflowExperiment } from './mlflow-types';

/** The experiments the user may read, most recently updated first: the traces pages' chooser. */
export async function listTraceExperiments(): Promise<Array<{ id: string; name: string }>> {
  const { experiments = [] } = await api<{ experiments?: MlflowExperiment[] }>('/api/2.0/mlflow/experiments/search', {
    body: { max_results: 1000, order_by: ['last_update_time DESC'] },
  });
  return experiments.map((experiment) => ({ id: experiment.experiment_id, name: experiment.name }));
}

/** The experiments searched: the one chosen, else all of them (one search covers them all). */
export function searchedExperimentIds(experiments: Array<{ id: string }>, chosen: string | undefined): string[] {
  return chosen !== undefined && chosen !== '' ? [chosen] : experiments.map((experiment) => experiment.id);
}
