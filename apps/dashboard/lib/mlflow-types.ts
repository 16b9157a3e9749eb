/** MLflow's JSON entities as the server's REST API 2.0 returns them (snake_case, numbers as numbers). */
export interface MlflowTag {
  key: string;
  value: string;
}

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number;
  last_update_time?: number;
  tags?: MlflowTag[];
}

export interface MlflowMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface MlflowRunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics?: MlflowMetric[]; params?: MlflowTag[]; tags?: MlflowTag[] };
  inputs?: { dataset_inputs?: Array<{ dataset: { name: string; digest: string; source_type?: string; source?: string }; tags?: MlflowTag[] }> };
}

/** A tag list as an object (later keys win, as the store keeps one value per key). */
export function tagsOf(tags: MlflowTag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) result[tag.key] = tag.value;
  return result;
}
