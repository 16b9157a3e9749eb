import { validateDatasetMetadata, validateDatasetName, validateDatasetRows } from '../datasets/validate-dataset.js';
import { DATASET_SOURCE_TYPES, type DatasetSourceType } from '../entities/dataset.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { CreateDatasetVersionInput } from '../store/dataset-store.js';

/** A checked createDatasetVersion input, defaults filled in. */
export interface ValidDatasetVersion {
  /** The dataset's name. */
  name: string;
  /** The rows, each a plain object of JSON values. */
  rows: Record<string, unknown>[];
  /** Where the rows came from (`'inline'` by default). */
  source: string;
  /** The kind of source (`'inline'` by default). */
  sourceType: DatasetSourceType;
  /** The description, if any. */
  description?: string;
  /** The tags (empty by default). */
  tags: Record<string, string>;
}

/**
 * Validates a createDatasetVersion input and fills its defaults.
 * @throws InvalidParameterError for a bad name, rows, source, sourceType, description or tags.
 */
export function validateCreateDatasetVersion(input: CreateDatasetVersionInput): ValidDatasetVersion {
  const name = validateDatasetName(input?.name);
  const rows = validateDatasetRows(input.rows);
  const sourceType = input.sourceType ?? 'inline';
  if (!DATASET_SOURCE_TYPES.includes(sourceType)) {
    throw new InvalidParameterError(`Unknown dataset sourceType '${String(sourceType)}'; use one of ${DATASET_SOURCE_TYPES.join(', ')}.`);
  }
  const source = input.source ?? 'inline';
  if (typeof source !== 'string' || source === '') throw new InvalidParameterError('Dataset source must be a non-empty string.');
  return { name, rows, source, sourceType, ...validateDatasetMetadata(input) };
}
