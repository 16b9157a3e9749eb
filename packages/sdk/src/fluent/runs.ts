import type { Metric, Run, SearchRunsResult } from '@assay/core';
import { defaultAssay } from '../assay/default-assay.js';
import type { ActiveRun, EndRunOptions, LogMetricOptions, ParamValue, TagValue } from '../tracking/run-handle.js';
import type { SearchRunsOptions } from '../tracking/runs.js';
import type { StartRunOptions } from '../tracking/start-run.js';
import type { WithRunCallback } from '../tracking/with-run.js';

/**
 * Starts a run and makes it the active run of the calling async context
 * (for `activeRun()` and the module-level `logMetric`, `logParam`, ...).
 * End it with `run.end()`; its parent, if any, becomes active again.
 *
 * The run becomes active in the caller's *current* async context, which
 * also covers code the caller's caller runs after it (Node's `enterWith`).
 * Tasks started side by side (`Promise.all([train(1), train(2)])`, each
 * calling `startRun` before its first await) each get their own run. To
 * scope a run to exactly one callback, use `withRun`.
 *
 * Throws when a run is already active here, unless `nested: true` or
 * `parentRunId` is given.
 *
 * @example
 * const run = await startRun({ runName: 'baseline', experimentName: 'qa-bot' });
 * run.logParam('model', 'gpt-4o-mini').logMetric('accuracy', 0.91);
 * await run.end();
 */
export function startRun(options?: StartRunOptions): Promise<ActiveRun> {
  return defaultAssay().startRun(options);
}

/**
 * Runs `callback` inside a new run that is active for the callback (and
 * everything it awaits) only, then ends it: FINISHED when the callback
 * returns, FAILED when it throws, in which case the callback's error is
 * rethrown unchanged. Parallel `withRun`s each keep their own active run.
 * Resolves to the callback's result once the run's writes are durable.
 *
 * @example
 * const score = await withRun({ runName: 'eval', experimentName: 'qa-bot' }, async (run) => {
 *   run.logParam('model', 'gpt-4o-mini');
 *   const accuracy = await evaluateModel();
 *   logMetric('accuracy', accuracy); // the active run: `run`
 *   return accuracy;
 * });
 */
export function withRun<T>(options: StartRunOptions, callback: WithRunCallback<T>): Promise<T>;
/** Runs `callback` inside a new run with default options (see the overload with options). */
export function withRun<T>(callback: WithRunCallback<T>): Promise<T>;
export function withRun<T>(optionsOrCallback: StartRunOptions | WithRunCallback<T>, maybeCallback?: WithRunCallback<T>): Promise<T> {
  return typeof optionsOrCallback === 'function'
    ? defaultAssay().withRun(optionsOrCallback)
    : defaultAssay().withRun(optionsOrCallback, maybeCallback!);
}

/**
 * The innermost active (started and not ended) run of the current async
 * context, or undefined. Runs started with `withRun` are active inside its
 * callback only; concurrent tasks each see their own run.
 */
export function activeRun(): ActiveRun | undefined {
  return defaultAssay().activeRun();
}

/** Logs a param to the active run (see `ActiveRun.logParam`). Throws when no run is active. */
export function logParam(key: string, value: ParamValue): void {
  defaultAssay().logParam(key, value);
}

/** Logs params to the active run (see `ActiveRun.logParams`). Throws when no run is active. */
export function logParams(params: Readonly<Record<string, ParamValue>>): void {
  defaultAssay().logParams(params);
}

/** Logs a metric point to the active run (see `ActiveRun.logMetric`). Throws when no run is active. */
export function logMetric(key: string, value: number, options?: LogMetricOptions): void {
  defaultAssay().logMetric(key, value, options);
}

/** Logs metric points to the active run (see `ActiveRun.logMetrics`). Throws when no run is active. */
export function logMetrics(metrics: Readonly<Record<string, number>>, options?: LogMetricOptions): void {
  defaultAssay().logMetrics(metrics, options);
}

/** Sets a tag on the active run (see `ActiveRun.setTag`). Throws when no run is active. */
export function setTag(key: string, value: TagValue): void {
  defaultAssay().setTag(key, value);
}

/** Sets tags on the active run (see `ActiveRun.setTags`). Throws when no run is active. */
export function setTags(tags: Readonly<Record<string, TagValue>>): void {
  defaultAssay().setTags(tags);
}

/** Uploads a local file to the active run (see `ActiveRun.logArtifact`). */
export function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  return defaultAssay().logArtifact(localPath, artifactPath);
}

/** Uploads a local directory tree to the active run (see `ActiveRun.logArtifacts`). */
export function logArtifacts(localDirectory: string, artifactPath?: string): Promise<void> {
  return defaultAssay().logArtifacts(localDirectory, artifactPath);
}

/** Saves text as an artifact of the active run (see `ActiveRun.logText`). */
export function logText(text: string, artifactFile: string): Promise<void> {
  return defaultAssay().logText(text, artifactFile);
}

/** Saves a value as JSON in an artifact of the active run (see `ActiveRun.logJson`). */
export function logJson(value: unknown, artifactFile: string): Promise<void> {
  return defaultAssay().logJson(value, artifactFile);
}

/** Ends the active run (see `ActiveRun.end`); does nothing when no run is active. */
export function endRun(options?: EndRunOptions): Promise<void> {
  return defaultAssay().endRun(options);
}

/** A run's info and data (params, latest metrics, tags), after this process's buffered writes. Throws NotFoundError for an unknown id. */
export function getRun(runId: string): Promise<Run> {
  return defaultAssay().getRun(runId);
}

/** Every logged point of one metric of a run, ordered by step, then timestamp. */
export function getMetricHistory(runId: string, key: string): Promise<Metric[]> {
  return defaultAssay().getMetricHistory(runId, key);
}

/**
 * Finds runs, e.g. `searchRuns({ experimentNames: ['qa-bot'], filter: 'metrics.accuracy > 0.9', orderBy: ['metrics.accuracy DESC'] })`.
 * Returns one page; pass `nextPageToken` back as `pageToken` for the next.
 */
export function searchRuns(options?: SearchRunsOptions): Promise<SearchRunsResult> {
  return defaultAssay().searchRuns(options);
}

/** Soft-deletes a run; `restoreRun` undoes it. */
export function deleteRun(runId: string): Promise<void> {
  return defaultAssay().deleteRun(runId);
}

/** Restores a deleted run. */
export function restoreRun(runId: string): Promise<void> {
  return defaultAssay().restoreRun(runId);
}
