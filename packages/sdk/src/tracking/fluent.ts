import { AssayError } from '@assay/core';
import { activeRun } from './active-run.js';
import type { ActiveRun, EndRunOptions, LogMetricOptions, ParamValue, TagValue } from './run-handle.js';

function requireActiveRun(action: string): ActiveRun {
  const run = activeRun();
  if (run) return run;
  throw new AssayError(
    'BAD_REQUEST',
    `${action} needs an active run, and there is none in this async context. Start one with \`const run = await startRun()\`, or wrap the code in \`withRun(options, async (run) => { ... })\`.`,
  );
}

/** Logs a param to the active run (see `ActiveRun.logParam`). Throws when no run is active. */
export function logParam(key: string, value: ParamValue): void {
  requireActiveRun('logParam').logParam(key, value);
}

/** Logs params to the active run (see `ActiveRun.logParams`). Throws when no run is active. */
export function logParams(params: Readonly<Record<string, ParamValue>>): void {
  requireActiveRun('logParams').logParams(params);
}

/** Logs a metric point to the active run (see `ActiveRun.logMetric`). Throws when no run is active. */
export function logMetric(key: string, value: number, options?: LogMetricOptions): void {
  requireActiveRun('logMetric').logMetric(key, value, options);
}

/** Logs metric points to the active run (see `ActiveRun.logMetrics`). Throws when no run is active. */
export function logMetrics(metrics: Readonly<Record<string, number>>, options?: LogMetricOptions): void {
  requireActiveRun('logMetrics').logMetrics(metrics, options);
}

/** Sets a tag on the active run (see `ActiveRun.setTag`). Throws when no run is active. */
export function setTag(key: string, value: TagValue): void {
  requireActiveRun('setTag').setTag(key, value);
}

/** Sets tags on the active run (see `ActiveRun.setTags`). Throws when no run is active. */
export function setTags(tags: Readonly<Record<string, TagValue>>): void {
  requireActiveRun('setTags').setTags(tags);
}

function withActiveRun<T>(action: string, work: (run: ActiveRun) => Promise<T>): Promise<T> {
  let run: ActiveRun;
  try {
    run = requireActiveRun(action);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return work(run);
}

/** Uploads a local file to the active run (see `ActiveRun.logArtifact`). */
export function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  return withActiveRun('logArtifact', (run) => run.logArtifact(localPath, artifactPath));
}

/** Uploads a local directory tree to the active run (see `ActiveRun.logArtifacts`). */
export function logArtifacts(localDirectory: string, artifactPath?: string): Promise<void> {
  return withActiveRun('logArtifacts', (run) => run.logArtifacts(localDirectory, artifactPath));
}

/** Saves text as an artifact of the active run (see `ActiveRun.logText`). */
export function logText(text: string, artifactFile: string): Promise<void> {
  return withActiveRun('logText', (run) => run.logText(text, artifactFile));
}

/** Saves a value as JSON in an artifact of the active run (see `ActiveRun.logJson`). */
export function logJson(value: unknown, artifactFile: string): Promise<void> {
  return withActiveRun('logJson', (run) => run.logJson(value, artifactFile));
}

/** Ends the active run (see `ActiveRun.end`); does nothing when no run is active. */
export function endRun(options?: EndRunOptions): Promise<void> {
  return activeRun()?.end(options) ?? Promise.resolve();
}
