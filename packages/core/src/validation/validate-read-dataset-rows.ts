import { DATASET_LIMITS, validateDatasetName, validateDatasetVersion } from '../datasets/validate-dataset.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { ReadDatasetRowsInput } from '../store/dataset-store.js';

/** A checked readDatasetRows input, defaults filled in. */
export interface ValidReadDatasetRows {
  /** The dataset's name. */
  name: string;
  /** The version; the latest when absent. */
  version?: number;
  /** Rows per page, 1 to 50,000. */
  limit: number;
  /** Rows to skip, 0 or more. */
  offset: number;
}

function checkCount(value: unknown, field: string, minimum: number, maximum: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    throw new InvalidParameterError(`${field} must be a whole number from ${minimum} to ${maximum}, got ${String(value)}.`);
  }
}

/**
 * Validates a readDatasetRows input and fills its defaults (1000 rows from the first, of the latest version).
 * @throws InvalidParameterError for a bad limit, offset, name or version.
 */
export function validateReadDatasetRows(input: ReadDatasetRowsInput): ValidReadDatasetRows {
  const limit = input?.limit ?? 1000;
  const offset = input?.offset ?? 0;
  checkCount(limit, 'limit', 1, DATASET_LIMITS.rowsPerPage);
  checkCount(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const name = validateDatasetName(input.name);
  const version = validateDatasetVersion(input.version);
  return { name, ...(version !== undefined ? { version } : {}), limit, offset };
}
