import type { LogBatchInput } from '../store/run-store.js';
import type { LogBatchOperation } from '../store/write-operation.js';
import { assertUniqueKeys, validateMetric, validateParam, validateRunId, validateTag } from './validate-entries.js';

/**
 * Validates a logBatch input: the run id, every key and value, and no param
 * key twice with different values. Absent lists become empty ones.
 * @throws InvalidParameterError naming the first bad entry.
 */
export function validateLogBatch(input: LogBatchInput): LogBatchOperation {
  validateRunId(input?.runId);
  const metrics = (input.metrics ?? []).map(validateMetric);
  const params = (input.params ?? []).map(validateParam);
  const tags = (input.tags ?? []).map(validateTag);
  assertUniqueKeys('Param', params);
  return { op: 'logBatch', runId: input.runId, metrics, params, tags };
}
