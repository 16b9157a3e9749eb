import type { LogBatchOperation } from '@assay/core';
import { paramConflictError } from '../param-conflict-error.js';
import { isLaterPoint, type LatestPoint } from '../../summary/run-summary.js';
import { requireActiveRun, setRunTag, type WriteState } from '../write-state.js';

/**
 * Accepts a logBatch on an active run: ConflictError, before anything
 * changes, when a param was logged with another value; new params, tags and
 * later metric points go into the run's summary, and the batch is kept for
 * appending its metric points.
 */
export function applyLogBatch(state: WriteState, operation: LogBatchOperation): void {
  const run = requireActiveRun(state, operation.runId);
  for (const param of operation.params) {
    const stored = run.summary.params[param.key];
    if (stored !== undefined && stored !== param.value) {
      throw paramConflictError({ runId: operation.runId, key: param.key, logged: stored, attempted: param.value });
    }
  }
  for (const param of operation.params) {
    if (run.summary.params[param.key] !== undefined) continue;
    run.summary.params[param.key] = param.value;
    state.newParams.push([operation.runId, param.key, param.value]);
  }
  for (const tag of operation.tags) setRunTag(run, tag.key, tag.value);
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
  state.acceptedBatches.push(operation);
}
