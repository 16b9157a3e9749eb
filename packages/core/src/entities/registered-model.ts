/** A model version's deployment stage (MLflow's stages, deprecated there since 2.9 in favour of aliases, kept for compatibility). */
export type ModelVersionStage = 'None' | 'Staging' | 'Production' | 'Archived';

/** The stages, in MLflow's spelling. */
export const MODEL_VERSION_STAGES: readonly ModelVersionStage[] = ['None', 'Staging', 'Production', 'Archived'];

/** Where a version's registration stands: PENDING_REGISTRATION may become READY or FAILED_REGISTRATION, which are final. */
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'READY' | 'FAILED_REGISTRATION';

/** The statuses, in MLflow's spelling. */
export const MODEL_VERSION_STATUSES: readonly ModelVersionStatus[] = ['PENDING_REGISTRATION', 'READY', 'FAILED_REGISTRATION'];

/** One version of a registered model (MLflow's `model_version`). */
export interface ModelVersion {
  /** The registered model's name. */
  name: string;
  /** 1, 2, 3 ... per model, in order of registration; a deleted version's number is never given again. */
  version: number;
  /** Milliseconds since the epoch. */
  creationTimestamp: number;
  /** Milliseconds since the epoch: the last change of the version's description, stage, status or tags. */
  lastUpdatedTimestamp: number;
  /** Its stage; `'None'` when registered. */
  currentStage: ModelVersionStage;
  description?: string;
  /** The artifact URI the version was registered from, e.g. `runs:/<runId>/model` or `mlflow-artifacts:/...`. */
  source: string;
  /** The run that produced it (its experiment, params and metrics are then one getRun away). */
  runId?: string;
  /** A link to the run in another tracking server, as given. */
  runLink?: string;
  status: ModelVersionStatus;
  /** Why registration failed or what it waits for, as given. */
  statusMessage?: string;
  /** Tags by key. */
  tags: Record<string, string>;
  /** The aliases pointing at this version, sorted. */
  aliases: string[];
}

/** A registered model (MLflow's `registered_model`). */
export interface RegisteredModel {
  /** Unique, case-sensitive. */
  name: string;
  /** Milliseconds since the epoch. */
  creationTimestamp: number;
  /** Milliseconds since the epoch: the last change of the model, its tags, aliases or versions. */
  lastUpdatedTimestamp: number;
  description?: string;
  /** The newest version in each stage that has one (MLflow's `latest_versions`), by stage order None, Staging, Production, Archived. */
  latestVersions: ModelVersion[];
  /** Tags by key. */
  tags: Record<string, string>;
  /** Alias → version number. */
  aliases: Record<string, number>;
  /** Whether its stage changes and alias moves need an approved transition request (setRegisteredModelProtection). */
  protected: boolean;
}
