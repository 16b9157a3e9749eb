import type { Run } from '../entities/run.js';
import type { NewRun } from './write-operation.js';

/** A run just created from `run`, as a store's createRun answers it: running, active, no params or metrics yet. */
export function createdRun(run: NewRun): Run {
  return {
    info: {
      runId: run.runId,
      runName: run.runName,
      experimentId: run.experimentId,
      userId: run.userId,
      status: 'RUNNING',
      startTime: run.startTime,
      artifactUri: run.artifactUri,
      lifecycleStage: 'active',
      ...(run.parentRunId !== undefined ? { parentRunId: run.parentRunId } : {}),
    },
    data: { params: {}, metrics: {}, tags: Object.fromEntries(run.tags.map((tag) => [tag.key, tag.value])) },
  };
}
