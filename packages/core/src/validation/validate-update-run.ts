import { RUN_STATUSES } from '../entities/run.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { UpdateRunInput } from '../store/run-store.js';
import type { UpdateRunOperation } from '../store/write-operation.js';
import { validateRunId, validateRunName } from './validate-entries.js';

/**
 * Validates an updateRun input; what it leaves out stays out of the operation.
 * @throws InvalidParameterError for a bad run id, status, end time or name.
 */
export function validateUpdateRun(input: UpdateRunInput): UpdateRunOperation {
  validateRunId(input?.runId);
  if (input.status !== undefined && !RUN_STATUSES.includes(input.status)) {
    throw new InvalidParameterError(`Invalid run status '${String(input.status)}'; use one of ${RUN_STATUSES.join(', ')}.`);
  }
  if (input.endTime !== undefined && (!Number.isSafeInteger(input.endTime) || input.endTime < 0)) {
    throw new InvalidParameterError(`endTime must be integer milliseconds since the epoch, got ${String(input.endTime)}.`);
  }
  return {
    op: 'updateRun',
    runId: input.runId,
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.endTime !== undefined ? { endTime: input.endTime } : {}),
    ...(input.runName !== undefined ? { runName: validateRunName(input.runName) } : {}),
  };
}
