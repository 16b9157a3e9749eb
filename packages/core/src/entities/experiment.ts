import type { LifecycleStage } from './lifecycle.js';

/** A named group of runs and traces (MLflow's Experiment, in camelCase). */
export interface Experiment {
  /** Store-assigned id; a decimal string as in MLflow ("0" is the Default experiment). */
  experimentId: string;
  /** Unique among all experiments, active or deleted. */
  name: string;
  /** Where the artifacts of this experiment's runs live. */
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  /** Milliseconds since the Unix epoch. */
  creationTime: number;
  /** Milliseconds since the Unix epoch. */
  lastUpdateTime: number;
  tags: Record<string, string>;
}

/** The id and name of the experiment every store starts with. */
export const DEFAULT_EXPERIMENT_ID = '0';
export const DEFAULT_EXPERIMENT_NAME = 'Default';
