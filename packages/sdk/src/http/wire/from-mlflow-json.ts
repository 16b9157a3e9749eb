import {
  SYSTEM_TAGS,
  type Assessment,
  type DatasetColumn,
  type DatasetInput,
  type DatasetSourceType,
  type Experiment,
  type FileInfo,
  type JsonValue,
  type LifecycleStage,
  type Metric,
  type Run,
  type RunInfo,
  type RunStatus,
} from '@assay/core';

// The server's MLflow JSON (snake_case, int64 as numbers, non-finite doubles
// as "NaN"/"Infinity"/"-Infinity", empty lists left out) as the Store's entities.

/** `{ key, value }` pairs, as MLflow sends tags and params. */
export interface KeyValueJson {
  key: string;
  value: string;
}

export interface ExperimentJson {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  last_update_time: number;
  creation_time: number;
  tags?: KeyValueJson[];
}

export interface RunInfoJson {
  run_id: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface MetricJson {
  key: string;
  value: number | string;
  timestamp?: number;
  step?: number;
}

export interface RunJson {
  info: RunInfoJson;
  data: { metrics?: MetricJson[]; params?: KeyValueJson[]; tags?: KeyValueJson[] };
  inputs?: {
    dataset_inputs?: {
      tags?: KeyValueJson[];
      dataset: { name: string; digest: string; version?: number; source_type: string; source: string; schema?: string; profile?: string };
    }[];
  };
}

export interface FileInfoJson {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export interface AssessmentJson {
  assessment_id: string;
  assessment_name: string;
  trace_id: string;
  span_id?: string;
  source: { source_type: Assessment['source']['sourceType']; source_id?: string };
  create_time: string;
  last_update_time: string;
  feedback?: { value?: unknown; error?: { error_code: string; error_message?: string } };
  expectation?: { value?: unknown };
  rationale?: string;
  metadata?: Record<string, string>;
  overrides?: string;
  valid: boolean;
}

/** A list of pairs as a record (the last value of a key wins). */
export function toRecord(pairs: readonly KeyValueJson[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of pairs ?? []) record[key] = value;
  return record;
}

/** A wire double as a number. */
export function fromWireDouble(value: number | string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(value);
}

export function toExperiment(json: ExperimentJson): Experiment {
  return {
    experimentId: json.experiment_id,
    name: json.name,
    artifactLocation: json.artifact_location,
    lifecycleStage: json.lifecycle_stage,
    creationTime: json.creation_time,
    lastUpdateTime: json.last_update_time,
    tags: toRecord(json.tags),
  };
}

/** A run's info; the parent run is the `mlflow.parentRunId` tag (MLflow's RunInfo has no field for it). */
export function toRunInfo(json: RunInfoJson, tags: Readonly<Record<string, string>> = {}): RunInfo {
  const parentRunId = tags[SYSTEM_TAGS.parentRunId];
  return {
    runId: json.run_id,
    runName: json.run_name,
    experimentId: json.experiment_id,
    userId: json.user_id,
    status: json.status,
    startTime: json.start_time,
    ...(json.end_time !== undefined ? { endTime: json.end_time } : {}),
    artifactUri: json.artifact_uri,
    lifecycleStage: json.lifecycle_stage,
    ...(parentRunId !== undefined && parentRunId !== '' ? { parentRunId } : {}),
  };
}

function parseJsonText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toDatasetInput(input: NonNullable<NonNullable<RunJson['inputs']>['dataset_inputs']>[number]): DatasetInput {
  const { dataset } = input;
  const schema = parseJsonText(dataset.schema) as { mlflow_colspec?: DatasetColumn[] } | undefined;
  const profile = parseJsonText(dataset.profile) as { num_rows?: number } | undefined;
  return {
    dataset: {
      name: dataset.name,
      version: dataset.version ?? 0,
      digest: dataset.digest,
      sourceType: dataset.source_type as DatasetSourceType,
      source: dataset.source,
      schema: (schema?.mlflow_colspec ?? []).map((column) => ({ name: column.name, type: column.type })),
      profile: { numRows: profile?.num_rows ?? 0 },
    },
    tags: (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value })),
  };
}

export function toRun(json: RunJson): Run {
  const tags = toRecord(json.data.tags);
  const metrics: Record<string, number> = {};
  for (const metric of json.data.metrics ?? []) metrics[metric.key] = fromWireDouble(metric.value);
  const datasetInputs = json.inputs?.dataset_inputs ?? [];
  return {
    info: toRunInfo(json.info, tags),
    data: { params: toRecord(json.data.params), metrics, tags },
    ...(datasetInputs.length > 0 ? { inputs: { datasetInputs: datasetInputs.map(toDatasetInput) } } : {}),
  };
}

/** One point of a metric's history. */
export function toMetric(json: MetricJson): Metric {
  return { key: json.key, value: fromWireDouble(json.value), timestamp: json.timestamp ?? 0, step: json.step ?? 0 };
}

export function toFileInfo(json: FileInfoJson): FileInfo {
  return { path: json.path, isDir: json.is_dir, ...(json.file_size !== undefined ? { fileSize: json.file_size } : {}) };
}

/** An assessment (MLflow 3's JSON: times as RFC 3339 text). */
export function toAssessment(json: AssessmentJson): Assessment {
  const base = {
    assessmentId: json.assessment_id,
    name: json.assessment_name,
    traceId: json.trace_id,
    ...(json.span_id !== undefined && json.span_id !== '' ? { spanId: json.span_id } : {}),
    source: { sourceType: json.source.source_type, sourceId: json.source.source_id ?? 'default' },
    createTime: Date.parse(json.create_time),
    lastUpdateTime: Date.parse(json.last_update_time),
    ...(json.rationale !== undefined ? { rationale: json.rationale } : {}),
    metadata: json.metadata ?? {},
    ...(json.overrides !== undefined && json.overrides !== '' ? { overrides: json.overrides } : {}),
    valid: json.valid,
  };
  if (json.feedback !== undefined) {
    const error = json.feedback.error;
    return {
      ...base,
      feedback: {
        value: (json.feedback.value ?? null) as JsonValue,
        ...(error !== undefined ? { error: { errorCode: error.error_code, ...(error.error_message !== undefined ? { errorMessage: error.error_message } : {}) } } : {}),
      },
    };
  }
  return { ...base, expectation: { value: (json.expectation?.value ?? null) as JsonValue } };
}
