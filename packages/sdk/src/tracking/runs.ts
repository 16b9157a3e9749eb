import { NotFoundError, type Metric, type Run, type SearchRunsResult, type ViewType } from '@assay/core';
import { getStore } from '../store/get-store.js';
import { resolveExperimentId } from './experiments.js';
import { writeBuffer } from './write-buffer.js';

/** Lets reads see this process's buffered writes; write errors are kept for the next flush()/end(). */
function settleWrites(): Promise<void> {
  return writeBuffer.flushQuietly();
}

/** A run's info and data (params, latest metrics, tags). Throws NotFoundError for an unknown id. */
export async function getRun(runId: string): Promise<Run> {
  const store = await getStore();
  await settleWrites();
  return store.getRun({ runId });
}

/** Every logged point of one metric of a run, ordered by step, then timestamp. */
export async function getMetricHistory(runId: string, key: string): Promise<Metric[]> {
  const store = await getStore();
  await settleWrites();
  return store.getMetricHistory({ runId, key });
}

/** Options of `searchRuns`. */
export interface SearchRunsOptions {
  /** Experiments to search, by name; unknown names throw NotFoundError. */
  experimentNames?: string[];
  /** Experiments to search, by id. Without names or ids: the current experiment (see `startRun`). */
  experimentIds?: string[];
  /** MLflow's run filter, plus OR and parentheses, e.g. `metrics.accuracy > 0.9 and params.model = 'gpt-4o'`. */
  filter?: string;
  /** e.g. `['metrics.accuracy DESC']`; default newest first. */
  orderBy?: string[];
  /** Page size; default 1000. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page. */
  pageToken?: string;
  /** Default ACTIVE_ONLY. */
  viewType?: ViewType;
}

/**
 * Finds runs, e.g. `searchRuns({ experimentNames: ['qa-bot'], filter: 'metrics.accuracy > 0.9', orderBy: ['metrics.accuracy DESC'] })`.
 * Returns one page; pass `nextPageToken` back as `pageToken` for the next.
 */
export async function searchRuns(options: SearchRunsOptions = {}): Promise<SearchRunsResult> {
  const store = await getStore();
  const experimentIds = [...(options.experimentIds ?? []).map(String)];
  for (const name of options.experimentNames ?? []) {
    const experiment = await store.getExperimentByName({ name });
    if (!experiment) throw new NotFoundError(`Experiment '${name}' not found. Check the name, or search experiments with searchExperiments().`);
    experimentIds.push(experiment.experimentId);
  }
  if (experimentIds.length === 0) {
    const current = await resolveExperimentId(store, {}, false);
    if (current === undefined) return { runs: [] };
    experimentIds.push(current);
  }
  await settleWrites();
  return store.searchRuns({
    experimentIds: [...new Set(experimentIds)],
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
    ...(options.maxResults !== undefined ? { maxResults: options.maxResults } : {}),
    ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    ...(options.viewType !== undefined ? { viewType: options.viewType } : {}),
  });
}

/** Soft-deletes a run; `restoreRun` undoes it. */
export async function deleteRun(runId: string): Promise<void> {
  const store = await getStore();
  await settleWrites();
  await store.deleteRun({ runId });
}

/** Restores a deleted run. */
export async function restoreRun(runId: string): Promise<void> {
  await (await getStore()).restoreRun({ runId });
}
