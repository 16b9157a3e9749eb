import type { Experiment } from '../entities/experiment.js';
import type { Tag } from '../entities/metric.js';
import { InvalidParameterError, NotFoundError } from '../errors/assay-error.js';
import { generateRunName } from '../generate-run-name.js';
import { generateRunId } from '../ids.js';
import type { CreateRunInput } from '../store/run-store.js';
import type { CreateRunOperation } from '../store/write-operation.js';
import { SYSTEM_TAGS } from '../system-tags.js';
import { validateRunId, validateRunName, validateTag } from './validate-entries.js';

/** Options of resolveCreateRun. */
export interface ResolveCreateRunOptions {
  /** What the caller asked for. */
  input: CreateRunInput;
  /** The experiment `input.experimentId` names, as stored. */
  experiment: Experiment;
}

/**
 * Validates a createRun input and resolves every default: a generated id and
 * name, the start time, the artifact URI under the experiment's location, and
 * the system tags (`mlflow.runName`, `mlflow.user`, `mlflow.parentRunId`).
 * Does not check that the run id is free or that the parent run exists.
 * @throws NotFoundError when the experiment is deleted.
 * @throws InvalidParameterError for a bad run id, name, start time, parent run id or tag.
 */
export function resolveCreateRun({ input, experiment }: ResolveCreateRunOptions): CreateRunOperation {
  if (experiment.lifecycleStage !== 'active') {
    throw new NotFoundError(
      `Experiment '${experiment.name}' (id ${experiment.experimentId}) is deleted; restore it (restoreExperiment) before starting runs in it.`,
    );
  }
  const runId = input.runId === undefined ? generateRunId() : validateRunId(input.runId);
  const runName = input.runName === undefined || input.runName === '' ? generateRunName() : validateRunName(input.runName);
  const startTime = input.startTime ?? Date.now();
  if (!Number.isSafeInteger(startTime) || startTime < 0) {
    throw new InvalidParameterError(`startTime must be integer milliseconds since the epoch, got ${String(input.startTime)}.`);
  }
  const tags = new Map<string, string>();
  for (const [key, value] of Object.entries(input.tags ?? {})) tags.set(key, validateTag({ key, value }).value);
  tags.set(SYSTEM_TAGS.runName, runName);
  if (input.userId !== undefined) tags.set(SYSTEM_TAGS.user, input.userId);
  if (input.parentRunId !== undefined) tags.set(SYSTEM_TAGS.parentRunId, validateRunId(input.parentRunId));
  const tagList: Tag[] = [...tags].map(([key, value]) => ({ key, value }));
  return {
    op: 'createRun',
    run: {
      runId,
      experimentId: experiment.experimentId,
      runName,
      userId: input.userId ?? '',
      startTime,
      artifactUri: `${experiment.artifactLocation.replace(/\/+$/u, '')}/${runId}/artifacts`,
      ...(input.parentRunId !== undefined ? { parentRunId: input.parentRunId } : {}),
      tags: tagList,
    },
  };
}
