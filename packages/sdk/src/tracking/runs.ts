import { NotFoundError, type SearchRunsResult, type ViewType } from '@assay/core';
import type { AssayRuntime } from '../assay/assay-runtime.js';

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
export async function searchRuns(runtime: AssayRuntime, options: SearchRunsOptions = {}): Promise<SearchRunsResult> {
  const store = await runtime.getStore();
  const experimentIds = [...(options.experimentIds ?? []).map(String)];
  for (const name of options.experimentNames ?? []) {
    const experiment = await store.getExperimentByName({ name });
    if (!experiment) throw new NotFoundError(`Experiment '${name}' not found. Check the name, or search experiments with searchExperiments().`);
    experimentIds.push(experiment.experimentId);
  }
  if (experimentIds.length === 0) {
    const current = await runtime.experiments.resolve(store, {}, false);
    if (current === undefined) return { runs: [] };
    experimentIds.push(current);
  }
  // Reads see this instance's buffered writes; a write error is kept for the next flush()/end().
  await runtime.writeBuffer.flushQuietly();
  return store.searchRuns({
    experimentIds: [...new Set(experimentIds)],
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
    ...(options.maxResults !== undefined ? { maxResults: options.maxResults } : {}),
    ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    ...(options.viewType !== undefined ? { viewType: options.viewType } : {}),
  });
}
