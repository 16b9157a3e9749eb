import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import { ConflictError, InvalidParameterError, NotFoundError, SYSTEM_TAGS, type RunStatus, type Span } from '@assay/core';
import { SPAN_STAGING_TABLES, writeSpans } from './write-spans.js';
import { writeEvaluationRows } from './write-evaluation-rows.js';
import { decodeSummary, emptySummary, encodeSummary, isLaterPoint, type LatestPoint, type RunSummary } from '../summary/run-summary.js';
import type { NewRun, WriteOperation } from '@assay/core';

/** How applyWrites treats an operation that cannot be applied. */
export interface ApplyWritesOptions {
  /**
   * Called instead of throwing when an operation is invalid (unknown run, param
   * conflict); the operation is skipped whole and the rest still applies. Used
   * for spooled writes, which were acknowledged long ago and must not be lost
   * because of one bad entry. Without it, the first invalid operation throws.
   */
  onReject?: (operation: WriteOperation, reason: Error) => void;
}

interface RunState {
  experimentId: string;
  lifecycleStage: string;
  /** Created by this list of operations (appended whole at the end). */
  created?: NewRun;
  summary: RunSummary;
  /** The summary changed and must be written back. */
  dirty: boolean;
  status?: RunStatus;
  endTime?: number;
  runName?: string;
  /** Tag keys set or deleted, and metric keys whose latest point changed (existing runs only). */
  changedTags: Set<string>;
  changedLatest: Set<string>;
}

const STAGING_TABLES = [
  'CREATE TEMP TABLE IF NOT EXISTS stage_keys (run_id VARCHAR, key VARCHAR)',
  `CREATE TEMP TABLE IF NOT EXISTS stage_updates (
    run_id VARCHAR, status VARCHAR, end_time BIGINT, run_name VARCHAR, summary VARCHAR)`,
  ...SPAN_STAGING_TABLES,
];

/** Creates this connection's staging tables (temporary, so never persisted). */
export async function createStagingTables(connection: DuckDBConnection): Promise<void> {
  for (const statement of STAGING_TABLES) await connection.run(statement);
}

function appendNullable(appender: DuckDBAppender, value: string | number | undefined): void {
  if (value === undefined) appender.appendNull();
  else if (typeof value === 'number') appender.appendBigInt(BigInt(value));
  else appender.appendVarchar(value);
}

/** Deletes the given (run_id, key) pairs from a key/value table. */
async function deleteKeys(connection: DuckDBConnection, table: string, pairs: readonly [string, string][]): Promise<void> {
  if (pairs.length === 0) return;
  const stage = await connection.createAppender('stage_keys', 'main', 'temp');
  for (const [runId, key] of pairs) {
    stage.appendVarchar(runId);
    stage.appendVarchar(key);
    stage.endRow();
  }
  stage.closeSync();
  await connection.run(`DELETE FROM ${table} USING stage_keys s WHERE ${table}.run_id = s.run_id AND ${table}.key = s.key`);
  await connection.run('DELETE FROM stage_keys');
}

/**
 * Applies a list of writes inside the caller's transaction: validates each
 * against what is stored (run exists and is active, params unchanged), then
 * writes everything in bulk through the Appender and updates each touched
 * run's summary. Operations apply in order, so a run created earlier in the
 * list can be logged to later in it.
 */
export async function applyWrites(
  connection: DuckDBConnection,
  operations: readonly WriteOperation[],
  options: ApplyWritesOptions = {},
): Promise<void> {
  if (operations.length === 0) return;
  const referencedRuns = new Set<string>();
  const experimentIds = new Set<string>();
  for (const operation of operations) {
    if (operation.op === 'createRun') {
      referencedRuns.add(operation.run.runId);
      experimentIds.add(operation.run.experimentId);
    } else if (operation.op === 'logSpans') {
      experimentIds.add(operation.experimentId);
    } else {
      referencedRuns.add(operation.runId);
    }
  }

  const runs = new Map<string, RunState>();
  const ids = [...referencedRuns];
  const existing =
    ids.length === 0
      ? []
      : (
          await connection.runAndReadAll(
            `SELECT run_id, experiment_id, lifecycle_stage, summary FROM runs WHERE ${
              ids.length === 1 ? 'run_id = $1' : 'run_id IN (SELECT unnest($1))'
            }`,
            [ids.length === 1 ? ids[0]! : listValue(ids)],
          )
        ).getRows();
  for (const [runId, experimentId, lifecycleStage, summary] of existing) {
    runs.set(String(runId), {
      experimentId: String(experimentId),
      lifecycleStage: String(lifecycleStage),
      summary: decodeSummary(String(summary)),
      dirty: false,
      changedTags: new Set(),
      changedLatest: new Set(),
    });
  }
  const activeExperiments = new Set<string>();
  if (experimentIds.size > 0) {
    const result = await connection.runAndReadAll(
      `SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active' AND ${
        experimentIds.size === 1 ? 'experiment_id = $1' : 'experiment_id IN (SELECT unnest($1))'
      }`,
      [experimentIds.size === 1 ? [...experimentIds][0]! : listValue([...experimentIds])],
    );
    for (const [experimentId] of result.getRows()) activeExperiments.add(String(experimentId));
  }

  const newRuns: RunState[] = [];
  const newParams: [string, string, string][] = [];
  const acceptedBatches: (WriteOperation & { op: 'logBatch' })[] = [];
  const acceptedSpans: { experimentId: string; spans: Span[] }[] = [];
  const acceptedEvaluationRows: (WriteOperation & { op: 'logEvaluationRows' })[] = [];

  const requireActiveRun = (runId: string): RunState => {
    const run = runs.get(runId);
    if (!run) throw new NotFoundError(`Run '${runId}' not found. Check the run id, or create the run first.`);
    if (run.lifecycleStage !== 'active') {
      throw new InvalidParameterError(`Run '${runId}' is deleted; restore it (restoreRun) before logging to it.`);
    }
    return run;
  };
  const setTag = (run: RunState, key: string, value: string | undefined): void => {
    if (value === undefined) delete run.summary.tags[key];
    else run.summary.tags[key] = value;
    run.changedTags.add(key);
    run.dirty = true;
  };

  // Each case validates before it changes anything, so a rejected operation leaves no trace.
  for (const operation of operations) {
    try {
      switch (operation.op) {
        case 'createRun': {
          const { run } = operation;
          const known = runs.get(run.runId);
          if (known) {
            if (known.experimentId !== run.experimentId) {
              throw new ConflictError(`Run id '${run.runId}' already exists in experiment '${known.experimentId}'.`);
            }
            break; // a replayed create: already applied
          }
          if (!activeExperiments.has(run.experimentId)) {
            throw new NotFoundError(
              `Experiment '${run.experimentId}' does not exist or is deleted; create or restore it before starting runs in it.`,
            );
          }
          const state: RunState = {
            experimentId: run.experimentId,
            lifecycleStage: 'active',
            created: run,
            summary: emptySummary(),
            dirty: true,
            changedTags: new Set(),
            changedLatest: new Set(),
          };
          for (const tag of run.tags) state.summary.tags[tag.key] = tag.value;
          runs.set(run.runId, state);
          newRuns.push(state);
          break;
        }
        case 'logBatch': {
          const run = requireActiveRun(operation.runId);
          for (const param of operation.params) {
            const stored = run.summary.params[param.key];
            if (stored !== undefined && stored !== param.value) {
              throw new ConflictError(
                `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${stored}' for run ID='${operation.runId}'. Attempted logging new value '${param.value}'.`,
              );
            }
          }
          for (const param of operation.params) {
            if (run.summary.params[param.key] !== undefined) continue;
            run.summary.params[param.key] = param.value;
            newParams.push([operation.runId, param.key, param.value]);
          }
          for (const tag of operation.tags) setTag(run, tag.key, tag.value);
          const latest = run.summary.metrics;
          for (const metric of operation.metrics) {
            const point: LatestPoint = [metric.value, metric.step, metric.timestamp];
            const current = latest[metric.key];
            if (current === undefined || isLaterPoint(point, current)) {
              latest[metric.key] = point;
              run.changedLatest.add(metric.key);
            }
          }
          if (operation.params.length > 0 || operation.metrics.length > 0 || operation.tags.length > 0) run.dirty = true;
          acceptedBatches.push(operation);
          break;
        }
        case 'updateRun': {
          const run = requireActiveRun(operation.runId);
          if (operation.status !== undefined) run.status = operation.status;
          if (operation.endTime !== undefined) run.endTime = operation.endTime;
          if (operation.runName !== undefined) {
            run.runName = operation.runName;
            setTag(run, SYSTEM_TAGS.runName, operation.runName);
          }
          break;
        }
        case 'deleteTag': {
          setTag(requireActiveRun(operation.runId), operation.key, undefined);
          break;
        }
        case 'logSpans': {
          if (!activeExperiments.has(operation.experimentId)) {
            throw new NotFoundError(
              `Experiment '${operation.experimentId}' does not exist or is deleted; create or restore it before logging traces to it.`,
            );
          }
          acceptedSpans.push(operation);
          break;
        }
        case 'logEvaluationRows': {
          requireActiveRun(operation.runId);
          acceptedEvaluationRows.push(operation);
          break;
        }
      }
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      if (!options.onReject) throw reason;
      options.onReject(operation, reason);
    }
  }

  if (acceptedSpans.length > 0) await writeSpans(connection, acceptedSpans);
  if (acceptedEvaluationRows.length > 0) await writeEvaluationRows(connection, acceptedEvaluationRows);

  const existingRuns = [...runs].filter(([, run]) => !run.created);

  if (newRuns.length > 0) {
    const appender = await connection.createAppender('runs');
    for (const state of newRuns) {
      const run = state.created!;
      appender.appendVarchar(run.runId);
      appender.appendVarchar(run.experimentId);
      appender.appendVarchar(state.runName ?? run.runName);
      appender.appendVarchar(run.userId);
      appender.appendVarchar(state.status ?? 'RUNNING');
      appender.appendBigInt(BigInt(run.startTime));
      appendNullable(appender, state.endTime);
      appender.appendVarchar('active');
      appender.appendVarchar(run.artifactUri);
      appendNullable(appender, run.parentRunId);
      appender.appendNull();
      appender.appendVarchar(encodeSummary(state.summary));
      appender.endRow();
    }
    appender.closeSync();
  }

  if (newParams.length > 0) {
    const appender = await connection.createAppender('params');
    for (const [runId, key, value] of newParams) {
      appender.appendVarchar(runId);
      appender.appendVarchar(key);
      appender.appendVarchar(value);
      appender.endRow();
    }
    appender.closeSync();
  }

  // Tags and latest metrics: replace the changed keys of existing runs, write all of new runs.
  await deleteKeys(
    connection,
    'tags',
    existingRuns.flatMap(([runId, run]) => [...run.changedTags].map((key): [string, string] => [runId, key])),
  );
  await deleteKeys(
    connection,
    'latest_metrics',
    existingRuns.flatMap(([runId, run]) => [...run.changedLatest].map((key): [string, string] => [runId, key])),
  );
  const tagAppender = await connection.createAppender('tags');
  const latestAppender = await connection.createAppender('latest_metrics');
  for (const [runId, run] of runs) {
    const tagKeys = run.created ? Object.keys(run.summary.tags) : run.changedTags;
    for (const key of tagKeys) {
      const value = run.summary.tags[key];
      if (value === undefined) continue;
      tagAppender.appendVarchar(runId);
      tagAppender.appendVarchar(key);
      tagAppender.appendVarchar(value);
      tagAppender.endRow();
    }
    const metricKeys = run.created ? Object.keys(run.summary.metrics) : run.changedLatest;
    for (const key of metricKeys) {
      const [value, step, timestamp] = run.summary.metrics[key]!;
      latestAppender.appendVarchar(runId);
      latestAppender.appendVarchar(key);
      latestAppender.appendDouble(value);
      latestAppender.appendBigInt(BigInt(timestamp));
      latestAppender.appendBigInt(BigInt(step));
      latestAppender.endRow();
    }
  }
  tagAppender.closeSync();
  latestAppender.closeSync();

  if (acceptedBatches.some((batch) => batch.metrics.length > 0)) {
    const appender = await connection.createAppender('metrics');
    for (const batch of acceptedBatches) {
      const { runId } = batch;
      for (const metric of batch.metrics) {
        appender.appendVarchar(runId);
        appender.appendVarchar(metric.key);
        appender.appendDouble(metric.value);
        appender.appendBigInt(BigInt(metric.timestamp));
        appender.appendBigInt(BigInt(metric.step));
        appender.endRow();
      }
    }
    appender.closeSync();
  }

  const updated = existingRuns.filter(
    ([, run]) => run.dirty || run.status !== undefined || run.endTime !== undefined || run.runName !== undefined,
  );
  if (updated.length > 0) {
    const stage = await connection.createAppender('stage_updates', 'main', 'temp');
    for (const [runId, run] of updated) {
      stage.appendVarchar(runId);
      appendNullable(stage, run.status);
      appendNullable(stage, run.endTime);
      appendNullable(stage, run.runName);
      appendNullable(stage, run.dirty ? encodeSummary(run.summary) : undefined);
      stage.endRow();
    }
    stage.closeSync();
    await connection.run(`UPDATE runs SET
        status = coalesce(s.status, runs.status),
        end_time = coalesce(s.end_time, runs.end_time),
        run_name = coalesce(s.run_name, runs.run_name),
        summary = coalesce(s.summary, runs.summary)
      FROM stage_updates s WHERE runs.run_id = s.run_id`);
    await connection.run('DELETE FROM stage_updates');
  }
}
