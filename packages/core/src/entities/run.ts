import type { RunInputs } from './dataset.js';
import type { LifecycleStage } from './lifecycle.js';

/** A run's state (MLflow's RunStatus). */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** True when a run in this status has ended. */
export function isTerminalRunStatus(status: RunStatus): boolean {
  return status === 'FINISHED' || status === 'FAILED' || status === 'KILLED';
}

/** What identifies a run and where it stands (MLflow's RunInfo, in camelCase). */
export interface RunInfo {
  /** 32 lowercase hex characters. */
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  /** Milliseconds since the Unix epoch. */
  startTime: number;
  /** Milliseconds since the Unix epoch; absent while the run is active. */
  endTime?: number;
  /** Where this run's artifacts live (a directory path for the local store). */
  artifactUri: string;
  lifecycleStage: LifecycleStage;
  /** The enclosing run of a nested run (also the `mlflow.parentRunId` tag). */
  parentRunId?: string;
}

/** What a run logged; metrics hold the latest value of each key. */
export interface RunData {
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
}

/** A run: its info and its data (MLflow's Run). */
export interface Run {
  info: RunInfo;
  data: RunData;
  /** The dataset versions the run used; present once it has logged any (logRunInputs). */
  inputs?: RunInputs;
}
