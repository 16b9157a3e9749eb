/** Where a dataset version's rows came from. */
export type DatasetSourceType = 'inline' | 'jsonl' | 'csv' | 'parquet';

export const DATASET_SOURCE_TYPES: readonly DatasetSourceType[] = ['inline', 'jsonl', 'csv', 'parquet'];

/** One column of a dataset version: its name and DuckDB type (e.g. `VARCHAR`, `BIGINT`, `VARCHAR[]`). */
export interface DatasetColumn {
  name: string;
  type: string;
}

/** One immutable version of a named dataset. */
export interface DatasetInfo {
  name: string;
  /** 1 for the first version of a name, then 2, 3, ... */
  version: number;
  /**
   * SHA-256 (64 lowercase hex characters) of the canonical rows: each row as
   * JSON with object keys sorted recursively, followed by `\n`, in UTF-8.
   * Equal rows in equal order give the same digest whatever their key order.
   */
  digest: string;
  rowCount: number;
  /** The columns, in first-seen order. */
  schema: DatasetColumn[];
  /** `'inline'` for rows given in code, else the file path the rows were read from. */
  source: string;
  sourceType: DatasetSourceType;
  description?: string;
  tags: Record<string, string>;
  /** Milliseconds since the Unix epoch. */
  createdTime: number;
}

/** A dataset name in a listing: its latest version and how many versions it has. */
export interface DatasetSummary extends DatasetInfo {
  versionCount: number;
}

/** The tag key of a run input that says what the dataset was used for (MLflow's). */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** A dataset as a run input refers to it (MLflow's Dataset entity, in camelCase, plus the version). */
export interface RunInputDataset {
  name: string;
  version: number;
  digest: string;
  sourceType: DatasetSourceType;
  source: string;
  schema: DatasetColumn[];
  /** Summary statistics; MLflow keeps a JSON string, Assay the object. */
  profile: { numRows: number };
}

/** One dataset a run used (MLflow's DatasetInput). */
export interface DatasetInput {
  dataset: RunInputDataset;
  /** `mlflow.data.context` (e.g. `eval`, `training`) when a context was given. */
  tags: { key: string; value: string }[];
}

/** What a run consumed (MLflow's RunInputs). */
export interface RunInputs {
  datasetInputs: DatasetInput[];
}
