import type { DatasetFileFormat } from '../datasets/dataset-file-format.js';
import type { DatasetInfo, DatasetSourceType, DatasetSummary } from '../entities/dataset.js';
import type { Page } from '../entities/page.js';

/** Input of DatasetStore.createDatasetVersion. */
export interface CreateDatasetVersionInput {
  /** The dataset's name; a new name starts at version 1, an existing one gets its next version. */
  name: string;
  /** A non-empty array (at most 1,000,000) of plain objects with JSON values; each key is a column. */
  rows: Record<string, unknown>[];
  /** Where the rows came from: `'inline'` (the default) or a path or URI. */
  source?: string;
  /** Default `'inline'`. */
  sourceType?: DatasetSourceType;
  /** At most 5000 characters; default none. */
  description?: string;
  /** Tags by key; default none. */
  tags?: Record<string, string>;
}

/** Input of DatasetStore.importDatasetFile. */
export interface ImportDatasetFileInput {
  /** The dataset's name; a new name starts at version 1, an existing one gets its next version. */
  name: string;
  /** A JSONL/NDJSON/JSON, CSV/TSV or Parquet file, as seen by the process that holds the store. */
  path: string;
  /** Default: from the file's extension. */
  format?: DatasetFileFormat;
  /**
   * Where the rows came from, as the version records it (DatasetInfo.source);
   * default the file's absolute path. A server importing a client's upload
   * names the client's file here, not its own temporary copy.
   */
  source?: string;
  /** At most 5000 characters; default none. */
  description?: string;
  /** Tags by key; default none. */
  tags?: Record<string, string>;
}

/** Input of DatasetStore.exportDataset. */
export interface ExportDatasetInput {
  /** The dataset's name. */
  name: string;
  /** Default: the latest. */
  version?: number;
  /** The file to write (replaced if it exists); its folder must exist. */
  path: string;
  /** Default: from the path's extension (`.jsonl`, `.parquet`). */
  format?: 'jsonl' | 'parquet';
}

/** What exportDataset wrote. */
export interface ExportDatasetResult {
  /** The absolute path of the file written. */
  path: string;
  /** How many rows it holds. */
  rowCount: number;
}

/** Input of DatasetStore.getDataset. */
export interface GetDatasetInput {
  /** The dataset's name. */
  name: string;
  /** A version of at least 1; default the latest. */
  version?: number;
}

/** Input of DatasetStore.listDatasets. */
export interface ListDatasetsInput {
  /** Page size; default 100, at most 1000. */
  maxResults?: number;
  /** The `nextPageToken` of the previous page, unchanged; default the first page. */
  pageToken?: string;
}

/** Input of DatasetStore.readDatasetRows. */
export interface ReadDatasetRowsInput {
  /** The dataset's name. */
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
  /** The dataset's name. */
  datasetName: string;
  /** The version used; required. */
  datasetVersion: number;
  /** What the run used it for, e.g. `eval` or `training` (the `mlflow.data.context` tag). */
  context?: string;
}

/** Input of DatasetStore.logRunInputs. */
export interface LogRunInputsInput {
  /** The run that used the datasets; it must be active. */
  runId: string;
  /** The dataset versions it used. */
  inputs: RunDatasetInput[];
}

/**
 * Datasets: named, immutable, versioned row sets, identified by a digest of
 * their rows, and the record of which runs used them. Dataset writes never
 * spool: a store that must wait for its database (a local store held by
 * another process) throws StoreBusyError from any of these when the wait
 * times out.
 */
export interface DatasetStore {
  /**
   * Stores rows as a new immutable version of a dataset (version 1 for a new
   * name) and returns it. The store computes the digest (SHA-256 over the
   * canonical rows, see DatasetInfo.digest). When the latest version already
   * has this digest, that version is returned and nothing is written (MLflow
   * also identifies datasets by digest): re-running a script does not pile up
   * identical versions.
   * @throws InvalidParameterError for a bad name, rows (none, not plain objects, too deep),
   *   source, sourceType, description or tags.
   */
  createDatasetVersion(input: CreateDatasetVersionInput): Promise<DatasetInfo>;
  /**
   * Like createDatasetVersion, with rows read from a JSONL, CSV or Parquet file
   * by DuckDB's own readers (the rows never pass through JavaScript as a whole).
   * @throws InvalidParameterError for a bad name, description or tags, a missing file, a path
   *   with glob characters, an unknown format, a file that does not parse, or a file without rows.
   */
  importDatasetFile(input: ImportDatasetFileInput): Promise<DatasetInfo>;
  /**
   * Writes one dataset version to a JSONL or Parquet file and returns where, and how many rows.
   * @throws InvalidParameterError for a bad name or version, a CSV or unknown format, or a missing folder.
   * @throws NotFoundError for an unknown name or version.
   */
  exportDataset(input: ExportDatasetInput): Promise<ExportDatasetResult>;
  /**
   * One version of a dataset.
   * @throws InvalidParameterError for a bad name or version.
   * @throws NotFoundError for an unknown name or version (the message lists the versions that exist).
   */
  getDataset(input: GetDatasetInput): Promise<DatasetInfo>;
  /**
   * The latest version of every dataset, by name, with its number of versions.
   * @throws InvalidParameterError for a bad maxResults or pageToken.
   */
  listDatasets(input?: ListDatasetsInput): Promise<Page<DatasetSummary>>;
  /**
   * A page of one dataset version's rows, in their original order.
   * @throws InvalidParameterError for a bad name, version, limit or offset.
   * @throws NotFoundError for an unknown name or version.
   */
  readDatasetRows(input: ReadDatasetRowsInput): Promise<Record<string, unknown>[]>;
  /**
   * Records that a run used these dataset versions (MLflow's log-inputs).
   * Logging the same version with the same context twice is a no-op.
   * @throws InvalidParameterError for a bad run id, inputs that are not a list, an entry without
   *   datasetVersion, a bad name, version or context, or a deleted run.
   * @throws NotFoundError for an unknown run or dataset version.
   */
  logRunInputs(input: LogRunInputsInput): Promise<void>;
}
