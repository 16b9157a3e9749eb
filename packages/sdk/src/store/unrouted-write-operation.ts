import {
  errorMessage,
  validateDeleteTag,
  validateLogBatch,
  validateLogEvaluationRows,
  validateLogSpans,
  validateUpdateRun,
  type WriteOperation,
} from '@assay/core';

/** A sequenced write given to a DirectoryStore and not yet handed to a route (it waits for a switch). */
export interface UnroutedWrite {
  method: 'createRun' | 'updateRun' | 'logBatch' | 'deleteTag' | 'logSpans' | 'logEvaluationRows';
  input: unknown;
}

/**
 * The write operation of a write no route has taken yet, for spooling at
 * process exit; undefined (with a warning: never silently) for one that
 * cannot be spooled without reading first (a run's creation needs its
 * experiment) or is invalid.
 */
export function unroutedWriteOperation({ method, input }: UnroutedWrite): WriteOperation | undefined {
  try {
    switch (method) {
      case 'updateRun':
        return validateUpdateRun(input as never);
      case 'logBatch':
        return validateLogBatch(input as never);
      case 'deleteTag':
        return validateDeleteTag(input as never);
      case 'logSpans':
        return validateLogSpans(input as never);
      case 'logEvaluationRows':
        return validateLogEvaluationRows(input as never);
      case 'createRun':
        console.warn('[assay] the process exited while a run was being created as its store switched between the file and the server; that run was not saved.');
        return undefined;
    }
  } catch (error) {
    console.warn(`[assay] a ${method} given at process exit was not saved: ${errorMessage(error)}`);
    return undefined;
  }
}
