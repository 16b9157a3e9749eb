import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import { ConflictError, InvalidParameterError, NotFoundError, SYSTEM_TAGS, type Metric, type RunStatus } from '@assay/core';
import type { NewRun, WriteOperation } from './write-operation.js';

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
  isNew: boolean;
}

interface RunUpdate {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

const STAGING_TABLES = [
  'CREATE TEMP TABLE IF NOT EXISTS stage_keys (run_id VARCHAR, key VARCHAR)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_latest (run_id VARCHAR, key VARCHAR, value DOUBLE, timestamp BIGINT, step BIGINT)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_updates (run_id VARCHAR, status VARCHAR, end_time BIGINT, run_name VARCHAR)',
];

/** Creates this connection's staging tables (temporary, so never persisted). */
export async function createStagingTables(connection: DuckDBConnection): Promise<void> {
  for (const statement of STAGING_TABLES) await connection.run(statement);
}

function isBetterMetric(candidate: Metric, current: Metric): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
  // NaN sorts above every number, as DuckDB orders doubles.
  if (Number.isNaN(candidate.value)) return !Number.isNaN(current.value);
  return !Number.isNaN(current.value) && candidate.value > current.value;
}

/**
 * Applies a list of writes inside the caller's transaction: validates each
 * against what is stored (run exists and is active, params unchanged), then
 * writes everything in bulk through the Appender. Operations apply in order,
 * so a run created earlier in the list can be logged to later in it.
 */
export async function applyWrites(
  connection: DuckDBConnection,
  operations: readonly WriteOperation[],
  options: ApplyWritesOptions = {},
): Promise<void> {
  if (operations.length === 0) return;
  const referencedRuns = new Set<string>();
  const experimentIds = new Set<string>();
  const paramRuns = new Set<string>();
  for (const operation of operations) {
    if (operation.op === 'createRun') {
      referencedRuns.add(operation.run.runId);
      experimentIds.add(operation.run.experimentId);
    } else {
      referencedRuns.add(operation.runId);
      if (operation.op === 'logBatch' && operation.params.length > 0) paramRuns.add(operation.runId);
    }
  }

  const runs = new Map<string, RunState>();
  const existing = await connection.runAndReadAll(
    'SELECT run_id, experiment_id, lifecycle_stage FROM runs WHERE run_id IN (SELECT unnest($1))',
    [listValue([...referencedRuns])],
  );
  for (const [runId, experimentId, lifecycleStage] of existing.getRows()) {
    runs.set(String(runId), { experimentId: String(experimentId), lifecycleStage: String(lifecycleStage), isNew: false });
  }
  const activeExperiments = new Set<string>();
  if (experimentIds.size > 0) {
    const result = await connection.runAndReadAll(
      `SELECT experiment_id FROM experiments WHERE lifecycle_stage = 'active' AND experiment_id IN (SELECT unnest($1))`,
      [listValue([...experimentIds])],
    );
    for (const [experimentId] of result.getRows()) activeExperiments.add(String(experimentId));
  }
  const storedParams = new Map<string, string>();
  if (paramRuns.size > 0) {
    const result = await connection.runAndReadAll(
      'SELECT run_id, key, value FROM params WHERE run_id IN (SELECT unnest($1))',
      [listValue([...paramRuns])],
    );
    for (const [runId, key, value] of result.getRows()) storedParams.set(`${String(runId)}\u0000${String(key)}`, String(value));
  }

  const newRuns: NewRun[] = [];
  const newRunsById = new Map<string, NewRun>();
  const newParams: [string, string, string][] = [];
  const tagState = new Map<string, { runId: string; key: string; value: string | undefined }>();
  const metricRows: [string, Metric][] = [];
  const latest = new Map<string, [string, Metric]>();
  const updates = new Map<string, RunUpdate>();

  const reject = (operation: WriteOperation, error: Error): void => {
    if (!options.onReject) throw error;
    options.onReject(operation, error);
  };
  const requireActiveRun = (runId: string): RunState => {
    const run = runs.get(runId);
    if (!run) throw new NotFoundError(`Run '${runId}' not found. Check the run id, or create the run first.`);
    if (run.lifecycleStage !== 'active') {
      throw new InvalidParameterError(`Run '${runId}' is deleted; restore it (restoreRun) before logging to it.`);
    }
    return run;
  };

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
          runs.set(run.runId, { experimentId: run.experimentId, lifecycleStage: 'active', isNew: true });
          const copy = { ...run, tags: [...run.tags] };
          newRuns.push(copy);
          newRunsById.set(run.runId, copy);
          for (const tag of run.tags) tagState.set(`${run.runId}\u0000${tag.key}`, { runId: run.runId, key: tag.key, value: tag.value });
          break;
        }
        case 'logBatch': {
          const { runId } = operation;
          requireActiveRun(runId);
          const accepted: [string, string][] = [];
          for (const param of operation.params) {
            const id = `${runId}\u0000${param.key}`;
            const stored = storedParams.get(id);
            if (stored === undefined) {
              accepted.push([param.key, param.value]);
            } else if (stored !== param.value) {
              throw new ConflictError(
                `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${stored}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
              );
            }
          }
          for (const [key, value] of accepted) {
            storedParams.set(`${runId}\u0000${key}`, value);
            newParams.push([runId, key, value]);
          }
          for (const tag of operation.tags) tagState.set(`${runId}\u0000${tag.key}`, { runId, key: tag.key, value: tag.value });
          for (const metric of operation.metrics) {
            metricRows.push([runId, metric]);
            const id = `${runId}\u0000${metric.key}`;
            const best = latest.get(id);
            if (!best || isBetterMetric(metric, best[1])) latest.set(id, [runId, metric]);
          }
          break;
        }
        case 'updateRun': {
          requireActiveRun(operation.runId);
          const update = updates.get(operation.runId) ?? {};
          if (operation.status !== undefined) update.status = operation.status;
          if (operation.endTime !== undefined) update.endTime = operation.endTime;
          if (operation.runName !== undefined) {
            update.runName = operation.runName;
            tagState.set(`${operation.runId}\u0000${SYSTEM_TAGS.runName}`, {
              runId: operation.runId,
              key: SYSTEM_TAGS.runName,
              value: operation.runName,
            });
          }
          updates.set(operation.runId, update);
          break;
        }
        case 'deleteTag': {
          requireActiveRun(operation.runId);
          tagState.set(`${operation.runId}\u0000${operation.key}`, { runId: operation.runId, key: operation.key, value: undefined });
          break;
        }
      }
    } catch (error) {
      reject(operation, error instanceof Error ? error : new Error(String(error)));
    }
  }

  // Updates to runs created in this same list fold into the new row.
  if (newRuns.length > 0) {
    const appender = await connection.createAppender('runs');
    for (const run of newRuns) {
      const update = updates.get(run.runId);
      appender.appendVarchar(run.runId);
      appender.appendVarchar(run.experimentId);
      appender.appendVarchar(update?.runName ?? run.runName);
      appender.appendVarchar(run.userId);
      appender.appendVarchar(update?.status ?? 'RUNNING');
      appender.appendBigInt(BigInt(run.startTime));
      if (update?.endTime !== undefined) appender.appendBigInt(BigInt(update.endTime));
      else appender.appendNull();
      appender.appendVarchar('active');
      appender.appendVarchar(run.artifactUri);
      if (run.parentRunId !== undefined) appender.appendVarchar(run.parentRunId);
      else appender.appendNull();
      appender.appendNull();
      appender.endRow();
      if (update) updates.delete(run.runId);
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

  if (tagState.size > 0) {
    const touched = [...tagState.values()];
    const existingTouched = touched.filter((tag) => !runs.get(tag.runId)?.isNew);
    if (existingTouched.length > 0) {
      const keys = await connection.createAppender('stage_keys', 'main', 'temp');
      for (const tag of existingTouched) {
        keys.appendVarchar(tag.runId);
        keys.appendVarchar(tag.key);
        keys.endRow();
      }
      keys.closeSync();
      await connection.run('DELETE FROM tags USING stage_keys s WHERE tags.run_id = s.run_id AND tags.key = s.key');
      await connection.run('DELETE FROM stage_keys');
    }
    const appender = await connection.createAppender('tags');
    for (const tag of touched) {
      if (tag.value === undefined) continue;
      appender.appendVarchar(tag.runId);
      appender.appendVarchar(tag.key);
      appender.appendVarchar(tag.value);
      appender.endRow();
    }
    appender.closeSync();
  }

  if (metricRows.length > 0) {
    const appender = await connection.createAppender('metrics');
    for (const [runId, metric] of metricRows) {
      appender.appendVarchar(runId);
      appender.appendVarchar(metric.key);
      appender.appendDouble(metric.value);
      appender.appendBigInt(BigInt(metric.timestamp));
      appender.appendBigInt(BigInt(metric.step));
      appender.endRow();
    }
    appender.closeSync();
    const stage = await connection.createAppender('stage_latest', 'main', 'temp');
    for (const [runId, metric] of latest.values()) {
      stage.appendVarchar(runId);
      stage.appendVarchar(metric.key);
      stage.appendDouble(metric.value);
      stage.appendBigInt(BigInt(metric.timestamp));
      stage.appendBigInt(BigInt(metric.step));
      stage.endRow();
    }
    stage.closeSync();
    // Keep the stored point unless the new one is later (step, then timestamp, then value).
    await connection.run(`DELETE FROM stage_latest s USING latest_metrics l
      WHERE s.run_id = l.run_id AND s.key = l.key AND (l.step, l.timestamp, l.value) >= (s.step, s.timestamp, s.value)`);
    await connection.run(`DELETE FROM latest_metrics USING stage_latest s
      WHERE latest_metrics.run_id = s.run_id AND latest_metrics.key = s.key`);
    await connection.run('INSERT INTO latest_metrics SELECT * FROM stage_latest');
    await connection.run('DELETE FROM stage_latest');
  }

  const pending = [...updates].filter(([, update]) => update.status !== undefined || update.endTime !== undefined || update.runName !== undefined);
  if (pending.length > 0) {
    const stage = await connection.createAppender('stage_updates', 'main', 'temp');
    for (const [runId, update] of pending) {
      stage.appendVarchar(runId);
      if (update.status !== undefined) stage.appendVarchar(update.status);
      else stage.appendNull();
      if (update.endTime !== undefined) stage.appendBigInt(BigInt(update.endTime));
      else stage.appendNull();
      if (update.runName !== undefined) stage.appendVarchar(update.runName);
      else stage.appendNull();
      stage.endRow();
    }
    stage.closeSync();
    await connection.run(`UPDATE runs SET
        status = coalesce(s.status, runs.status),
        end_time = coalesce(s.end_time, runs.end_time),
        run_name = coalesce(s.run_name, runs.run_name)
      FROM stage_updates s WHERE runs.run_id = s.run_id`);
    await connection.run('DELETE FROM stage_updates');
  }
}
