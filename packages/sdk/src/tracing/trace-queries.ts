import { NotFoundError, type SearchTracesResult } from '@assay/core';
import type { AssayRuntime } from '../assay/assay-runtime.js';

/** Options of `searchTraces`. */
export interface SearchTracesOptions {
  /** Experiments to search by name; with `experimentIds`, both count. Default: the current experiment. */
  experimentNames?: string[];
  /** Experiments to search by id. */
  experimentIds?: string[];
  /** Only traces of this run. */
  runId?: string;
  /** e.g. `trace.status = 'ERROR' and span.type = 'TOOL'`, `tags.env = 'prod'`. */
  filter?: string;
  /** e.g. `['timestamp_ms DESC']` (the default). */
  orderBy?: string[];
  /** Page size; default 100, at most 500. */
  maxResults?: number;
  pageToken?: string;
}

/**
 * Finds traces (their summaries) in the given experiments, by default the
 * current one. Spans this process finished are written first, so it sees its
 * own traces.
 */
export async function searchTraces(runtime: AssayRuntime, options: SearchTracesOptions = {}): Promise<SearchTracesResult> {
  await runtime.tracing.flush();
  const store = await runtime.getStore();
  const experimentIds = [...(options.experimentIds ?? [])];
  for (const name of options.experimentNames ?? []) {
    const experiment = await store.getExperimentByName({ name });
    if (!experiment) throw new NotFoundError(`No experiment is named '${name}'.`);
    experimentIds.push(experiment.experimentId);
  }
  if (options.experimentIds === undefined && options.experimentNames === undefined) {
    experimentIds.push(await runtime.experiments.resolveCurrent(store));
  }
  return store.searchTraces({
    experimentIds,
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
    ...(options.maxResults !== undefined ? { maxResults: options.maxResults } : {}),
    ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
  });
}

/** Options of `deleteTraces`. */
export interface DeleteTracesOptions {
  /** Default: the current experiment. */
  experimentId?: string;
  /** Delete these traces ... */
  traceIds?: string[];
  /** ... or the oldest traces that started before this time (ms since the epoch), at most `maxTraces` of them. */
  maxTimestampMillis?: number;
  maxTraces?: number;
}

/** Deletes traces and their spans; returns how many traces were deleted. */
export async function deleteTraces(runtime: AssayRuntime, options: DeleteTracesOptions): Promise<number> {
  await runtime.tracing.flush();
  const store = await runtime.getStore();
  return store.deleteTraces({
    experimentId: options.experimentId ?? (await runtime.experiments.resolveCurrent(store)),
    ...(options.traceIds !== undefined ? { traceIds: options.traceIds } : {}),
    ...(options.maxTimestampMillis !== undefined ? { maxTimestampMillis: options.maxTimestampMillis } : {}),
    ...(options.maxTraces !== undefined ? { maxTraces: options.maxTraces } : {}),
  });
}
