import { InvalidParameterError } from '../errors/assay-error.js';

/** The file formats datasets are imported from and exported to. */
export type DatasetFileFormat = 'jsonl' | 'csv' | 'parquet';

export const DATASET_FILE_FORMATS: readonly DatasetFileFormat[] = ['jsonl', 'csv', 'parquet'];

const EXTENSIONS: Record<string, DatasetFileFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.parquet': 'parquet',
};

/**
 * The format to use for a dataset file: `format` when given (checked), else
 * the one its extension names (`.jsonl`/`.ndjson`/`.json`, `.csv`/`.tsv`,
 * `.parquet`). Throws InvalidParameterError naming the known ones otherwise.
 */
export function resolveDatasetFileFormat(path: string, format?: string): DatasetFileFormat {
  if (format !== undefined) {
    if (!(DATASET_FILE_FORMATS as readonly string[]).includes(format)) {
      throw new InvalidParameterError(`Unknown dataset format '${format}'; use one of ${DATASET_FILE_FORMATS.join(', ')}.`);
    }
    return format as DatasetFileFormat;
  }
  const match = /\.[^./\\]+$/u.exec(path.toLowerCase());
  const inferred = match ? EXTENSIONS[match[0]] : undefined;
  if (inferred === undefined) {
    throw new InvalidParameterError(
      `Cannot tell the format of '${path}' from its extension; use ${Object.keys(EXTENSIONS).join(', ')}, or name the format (${DATASET_FILE_FORMATS.join(', ')}).`,
    );
  }
  return inferred;
}
