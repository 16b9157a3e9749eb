import type { MlflowTag } from './mlflow-types';

/** The registry's entities as the server's REST API returns them (snake_case, versions as strings). */

/** A model version (`mlflow.ModelVersion`). */
export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description?: string;
  source: string;
  run_id?: string;
  run_link?: string;
  status: string;
  status_message?: string;
  tags?: MlflowTag[];
  aliases?: string[];
}

/** A registered model (`mlflow.RegisteredModel`); `protected` is Assay's. */
export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions?: MlflowModelVersion[];
  tags?: MlflowTag[];
  aliases?: Array<{ alias: string; version: string }>;
  protected?: boolean;
}

/** One entry of a registered model's audit log. */
export interface RegistryEvent {
  id: string;
  timestamp: number;
  actor?: string;
  name: string;
  version?: string;
  action: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  comment?: string;
}

/** A request to move a version to a stage, or an alias to it, that another user approves. */
export interface TransitionRequest {
  id: string;
  name: string;
  version: string;
  stage?: string;
  archive_existing_versions?: boolean;
  alias?: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | string;
  requested_by: string;
  requested_timestamp: number;
  comment?: string;
  decided_by?: string;
  decided_timestamp?: number;
  decision_comment?: string;
}

/** The stages a version may be moved to (MLflow's spelling). */
export const MODEL_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;

/** The reserved tag MLflow 3 marks prompts with (registered models that are prompts). */
export const IS_PROMPT_TAG = 'mlflow.prompt.is_prompt';

/** The registered-model search filter that keeps prompts only, or leaves them out (as MLflow 3 clients do). */
export const IS_PROMPT_FILTER = `tags.\`${IS_PROMPT_TAG}\` = 'true'`;
export const IS_NOT_PROMPT_FILTER = `tags.\`${IS_PROMPT_TAG}\` != 'true'`;
