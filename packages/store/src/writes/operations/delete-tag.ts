import type { DeleteTagOperation } from '@assay/core';
import { requireActiveRun, setRunTag, type WriteState } from '../write-state.js';

/** Accepts a deleteTag on an active run (a key it does not have is removed all the same: a no-op). */
export function applyDeleteTag(state: WriteState, operation: DeleteTagOperation): void {
  setRunTag(requireActiveRun(state, operation.runId), operation.key, undefined);
}
