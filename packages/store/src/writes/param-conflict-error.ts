import { ConflictError } from '@assay/core';

/** The ConflictError of a param logged again with another value (MLflow's wording). */
export function paramConflictError({ runId, key, logged, attempted }: { runId: string; key: string; logged: string; attempted: string }): ConflictError {
  return new ConflictError(
    `Changing param values is not allowed. Param with key='${key}' was already logged with value='${logged}' for run ID='${runId}'. Attempted logging new value '${attempted}'.`,
  );
}
