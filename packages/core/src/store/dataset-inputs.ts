import type { DatasetFileFormat } from '../datasets/dataset-file-format.js';
import type { DatasetSourceType } from '../entities/dataset.js';

export interface CreateDatasetVersionInput {
  /** The dataset's name; a new name starts at version 1, an existing one gets its next version. */
  name: string;
  /** A non-empty array of plain objects with JSON values; each key is a column. */
  rows: Record<string, unknown>[];
  /** Where the rows came from: `'inline'` (the default) or a path or URI. */
  source?: string;
  /** Default `'inline'`. */
  sourceType?: DatasetSourceType;
  description?: string;
  tags?: Record<string, string>;
}

export interface ImportDatasetFileInput {
  name: string;
  /** A JSONL/NDJSON/JSON, CSV/TSV or Parquet file, as seen by the process that holds the store. */
  path: string;
  /** Default: from the file's extension. */
  format?: DatasetFileFormat;
  description?: string;
  tags?: Record<string, string>;
}

export interface ExportDatasetInput {
  name: string;
  /** Default: the latest. */
  version?: number;
  /** The file to write (replaced if it exists); its folder must exist. */
  path: string;
  /** Default: from the path's extension (`.jsonl`, `.parquet`). */
  format?: 'jsonl' | 'parquet';
}

export interface ListDatasetsInput {
  /** Page size; default 100, at most 1000. */
  maxResults?: number;
  pageToken?: string;
}

export interface ReadDatasetRowsInput {
  name: string;
  /** Default: the latest. */
  version?: number;
  /** Rows per page; default 1000, at most 50,000. */
  limit?: number;
  /** Rows to skip; default 0. */
  offset?: number;
}

/** One dataset version a run used. */
export interface RunDatasetInput {
  datasetName: string;
  datasetVersion: number;
  /** What the run used it for, e.g. `eval` or `training` (the `mlflow.data.context` tag). */
  context?: string;
}
