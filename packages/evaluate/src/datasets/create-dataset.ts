import { InvalidParameterError, type DatasetFileFormat, type Store } from '@assay/core';
import { getStore } from '@assay/sdk';
import { Dataset } from './dataset.js';

export interface CreateDatasetOptions {
  /** The dataset's name; creating an existing name adds a version. */
  name: string;
  /** The rows, as plain objects with JSON values (give `rows` or `path`). */
  rows?: Record<string, unknown>[];
  /** A JSONL, CSV or Parquet file, read by DuckDB itself (give `rows` or `path`). */
  path?: string;
  /** The file's format; default from its extension. */
  format?: DatasetFileFormat;
  /** What the dataset holds. */
  description?: string;
  /** The version's tags. */
  tags?: Record<string, string>;
  /** Default: the store of the current tracking URI (`getStore()`). */
  store?: Store;
}

/**
 * Stores rows, given in code or read from a file, as a new immutable version
 * of a dataset. When the latest version already holds exactly these rows
 * (same digest), that version is returned instead of a duplicate.
 *
 * @example
 * const dataset = await createDataset({ name: 'support-qa', path: 'datasets/support-qa.jsonl' });
 * const small = await createDataset({ name: 'smoke', rows: [{ question: 'Hi?', expected_answer: 'Hello.' }] });
 */
export async function createDataset(options: CreateDatasetOptions): Promise<Dataset> {
  const hasRows = options?.rows !== undefined;
  const hasPath = options?.path !== undefined;
  if (hasRows === hasPath) {
    throw new InvalidParameterError('createDataset needs either rows (an array of objects) or path (a JSONL, CSV or Parquet file), not both.');
  }
  const store = options.store ?? (await getStore());
  const metadata = {
    name: options.name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.tags !== undefined ? { tags: options.tags } : {}),
  };
  const info = hasPath
    ? await store.importDatasetFile({ ...metadata, path: options.path!, ...(options.format !== undefined ? { format: options.format } : {}) })
    : await store.createDatasetVersion({ ...metadata, rows: options.rows! });
  return new Dataset(info, store);
}
