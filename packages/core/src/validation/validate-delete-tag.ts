import type { DeleteTagInput } from '../store/run-store.js';
import type { DeleteTagOperation } from '../store/write-operation.js';
import { validateRunId } from './validate-entries.js';

/**
 * Validates a deleteTag input (any key may be deleted: one that was never set is a no-op).
 * @throws InvalidParameterError for a bad run id.
 */
export function validateDeleteTag(input: DeleteTagInput): DeleteTagOperation {
  validateRunId(input?.runId);
  return { op: 'deleteTag', runId: input.runId, key: input.key };
}
