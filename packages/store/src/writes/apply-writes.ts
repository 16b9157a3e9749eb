import type { DuckDBAppender, DuckDBBigIntVector, DuckDBConnection, DuckDBDoubleVector, DuckDBVarCharVector } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import {
  createModelPriceTable,
  validateCreateExperiment,
  type LogBatchOperation,
  type Metric,
  type ModelPriceTable,
  type RejectedTrace,
  type WriteOperation,
} from '@assay/core';
import { appendColumns } from '../ingest/append-columns.js';
import { writeSpans, SPAN_STAGING_TABLES } from './write-spans.js';
import { writeEvaluationRows } from './write-evaluation-rows.js';
import { decodeSummary, encodeSummary } from '../summary/run-summary.js';
import { applyCreateRun } from './operations/create-run.js';
import { applyDeleteTag } from './operations/delete-tag.js';
import { applyLogBatch } from './operations/log-batch.js';
import { applyLogEvaluationRows } from './operations/log-evaluation-rows.js';
import { applyLogSpans, DELETED } from './operations/log-spans.js';
import { createExperiment } from './create-experiment.js';
import { applyUpdateRun } from './operations/update-run.js';
import { createWriteState, type RunState, type WriteState } from './write-state.js';
import { activeExperimentsOf } from './active-experiments.js';

/** How applyWrites treats an operation that cannot be applied. */
export interface ApplyWritesOptions {
  /**
   * Called instead of throwing when an operation is invalid (unknown run, param
   * conflict); the operation is skipped whole and the rest still applies. Used
   * for spooled writes, which were acknowledged long ago and must not be lost
   * because of one bad entry. Without it, the first invalid operation throws.
   */
  onReject?: (operation: WriteOperation, reason: Error) => void;
  /** The prices that cost spans; default the built-in table (a store passes its own, see DuckDbStore.modelPrices). */
  prices?: ModelPriceTable;
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

/** Appends every metric point of the accepted batches to `metrics`, as data chunks (run ids repeat; values and numbers fill typed vectors). */
async function appendMetricPoints(connection: DuckDBConnection, batches: readonly LogBatchOperation[]): Promise<void> {
  const runIds: string[] = [];
  const points: Metric[] = [];
  for (const batch of batches) {
    for (const metric of batch.metrics) {
      runIds.push(batch.runId);
      points.push(metric);
    }
  }
  if (points.length === 0) return;
  const appender = await connection.createAppender('metrics');
  appendColumns(appender, points.length, (column, vector, from, to) => {
    switch (column) {
      case 0:
      case 1: {
        const strings = vector as DuckDBVarCharVector;
        for (let index = from; index < to; index += 1) strings.setItem(index - from, column === 0 ? runIds[index]! : points[index]!.key);
        return;
      }
      case 2: {
        const numbers = vector as DuckDBDoubleVector;
        for (let index = from; index < to; index += 1) numbers.setItem(index - from, points[index]!.value);
        return;
      }
      default: {
        const numbers = vector as DuckDBBigIntVector;
        for (let index = from; index < to; index += 1) {
          const point = points[index]!;
          numbers.setItem(index - from, BigInt(column === 3 ? point.timestamp : point.step));
        }
      }
    }
  });
  appender.closeSync();
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

/** Checks one operation against the state and accepts it into the state, or throws having changed nothing. */
function applyOperation(state: WriteState, operation: WriteOperation): void {
  switch (operation.op) {
    case 'createRun':
      return applyCreateRun(state, operation);
    case 'logBatch':
      return applyLogBatch(state, operation);
    case 'updateRun':
      return applyUpdateRun(state, operation);
    case 'deleteTag':
      return applyDeleteTag(state, operation);
    case 'logSpans':
      return applyLogSpans(state, operation);
    case 'logEvaluationRows':
      return applyLogEvaluationRows(state, operation);
  }
}

/** Reads the runs and the active experiments a list of operations refers to. */
async function loadWriteState(connection: DuckDBConnection, operations: readonly WriteOperation[]): Promise<WriteState> {
  const referencedRuns = new Set<string>();
  const experimentIds = new Set<string>();
  const experimentNames = new Set<string>();
  let createsRuns = false;
  for (const operation of operations) {
    if (operation.op === 'createRun') {
      createsRuns = true;
      referencedRuns.add(operation.run.runId);
      experimentIds.add(operation.run.experimentId);
    } else if (operation.op === 'logSpans') {
      if (operation.experimentName !== undefined) experimentNames.add(operation.experimentName);
      else experimentIds.add(operation.experimentId);
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
            `SELECT run_id, run_key, experiment_id, lifecycle_stage, summary FROM runs WHERE ${
              ids.length === 1 ? 'run_id = $1' : 'run_id IN (SELECT unnest($1))'
            }`,
            [ids.length === 1 ? ids[0]! : listValue(ids)],
          )
        ).getRows();
  for (const [runId, runKey, experimentId, lifecycleStage, summary] of existing) {
    runs.set(String(runId), {
      runKey: Number(runKey),
      experimentId: String(experimentId),
      lifecycleStage: String(lifecycleStage),
      summary: decodeSummary(String(summary)),
      dirty: false,
      changedTags: new Set(),
      changedLatest: new Set(),
    });
  }
  const activeExperiments = experimentIds.size > 0 ? await activeExperimentsOf(connection, experimentIds) : new Set<string>();
  const experimentsByName = experimentNames.size > 0 ? await findOrCreateExperiments(connection, experimentNames) : undefined;
  // The one writer numbers new runs after the highest key stored: no sequence to keep in step
  // with rows copied by a recovery.
  const nextRunKey = createsRuns ? Number((await connection.runAndReadAll('SELECT coalesce(max(run_key), 0) + 1 FROM runs')).getRows()[0]![0]) : 1;
  return createWriteState({ runs, activeExperiments, nextRunKey, ...(experimentsByName ? { experimentsByName } : {}) });
}

/**
 * The ids of experiments named by spooled spans, each created (in the
 * caller's transaction) when no experiment has that name; DELETED for a
 * deleted one, which is not brought back behind its user's back.
 */
async function findOrCreateExperiments(connection: DuckDBConnection, names: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = await connection.runAndReadAll('SELECT name, experiment_id, lifecycle_stage FROM experiments WHERE name IN (SELECT unnest($1))', [
    listValue([...names]),
  ]);
  const byName = new Map<string, string>();
  for (const [name, experimentId, stage] of found.getRows()) byName.set(String(name), stage === 'active' ? String(experimentId) : DELETED);
  for (const name of names) {
    if (!byName.has(name)) byName.set(name, await createExperiment(connection, validateCreateExperiment({ name })));
  }
  return byName;
}

/** The span writes (by operation) that had spans left out, with the traces (see LogSpansOperation.otherExperimentTraces). */
export type RejectedTracesByWrite = Map<WriteOperation, RejectedTrace[]>;

/**
 * Applies a list of writes inside the caller's transaction: checks each
 * against what is stored (run exists and is active, params unchanged) with
 * its handler in `operations/`, then writes everything in bulk through the
 * Appender and updates each touched run's summary. Operations apply in
 * order, so a run created earlier in the list can be logged to later in it.
 * @returns the span writes that had spans left out (traces of another experiment).
 */
export async function applyWrites(
  connection: DuckDBConnection,
  operations: readonly WriteOperation[],
  options: ApplyWritesOptions = {},
): Promise<RejectedTracesByWrite> {
  const rejectedTraces: RejectedTracesByWrite = new Map();
  if (operations.length === 0) return rejectedTraces;
  const state = await loadWriteState(connection, operations);
  const { runs, newRuns, newParams, acceptedBatches, acceptedSpans, acceptedEvaluationRows } = state;

  // Each handler validates before it changes anything, so a rejected operation leaves no trace.
  // The operation each accepted span write came from (a spooled one is accepted as a copy).
  const spanWrites: WriteOperation[] = [];
  for (const operation of operations) {
    try {
      applyOperation(state, operation);
      if (acceptedSpans.length > spanWrites.length) spanWrites.push(operation);
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      if (!options.onReject) throw reason;
      options.onReject(operation, reason);
    }
  }

  if (acceptedSpans.length > 0) {
    const rejected = await writeSpans(connection, acceptedSpans, options.prices ?? createModelPriceTable());
    rejected.forEach((traces, index) => {
      if (traces.length > 0) rejectedTraces.set(spanWrites[index]!, traces);
    });
  }
  if (acceptedEvaluationRows.length > 0) await writeEvaluationRows(connection, acceptedEvaluationRows);

  const existingRuns = [...runs].filter(([, run]) => !run.created);

  if (newRuns.length > 0) {
    const appender = await connection.createAppender('runs');
    for (const newRun of newRuns) {
      const run = newRun.created!;
      appender.appendVarchar(run.runId);
      appender.appendVarchar(run.experimentId);
      appender.appendVarchar(newRun.runName ?? run.runName);
      appender.appendVarchar(run.userId);
      appender.appendVarchar(newRun.status ?? 'RUNNING');
      appender.appendBigInt(BigInt(run.startTime));
      appendNullable(appender, newRun.endTime);
      appender.appendVarchar('active');
      appender.appendVarchar(run.artifactUri);
      appendNullable(appender, run.parentRunId);
      appender.appendNull();
      appender.appendVarchar(encodeSummary(newRun.summary));
      appender.appendBigInt(BigInt(newRun.runKey));
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
      appender.appendBigInt(BigInt(runs.get(runId)!.runKey));
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
  const changed = [...runs].filter(([, run]) => run.created || run.changedTags.size > 0 || run.changedLatest.size > 0);
  // Only with rows to add: an appender costs a statement even when empty (a spans-only write has none).
  if (changed.length > 0) {
    const tagAppender = await connection.createAppender('tags');
    const latestAppender = await connection.createAppender('latest_metrics');
    for (const [runId, run] of changed) {
      const tagKeys = run.created ? Object.keys(run.summary.tags) : run.changedTags;
      for (const key of tagKeys) {
        const value = run.summary.tags[key];
        if (value === undefined) continue;
        tagAppender.appendVarchar(runId);
        tagAppender.appendVarchar(key);
        tagAppender.appendVarchar(value);
        tagAppender.appendBigInt(BigInt(run.runKey));
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
        latestAppender.appendBigInt(BigInt(run.runKey));
        latestAppender.endRow();
      }
    }
    tagAppender.closeSync();
    latestAppender.closeSync();
  }

  await appendMetricPoints(connection, acceptedBatches);

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
  return rejectedTraces;
}
