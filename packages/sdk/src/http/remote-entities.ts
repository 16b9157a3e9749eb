import type { Experiment, RunInfo, UpdateRunOperation } from '@assay/core';

const MAX_RUNS = 10_000;
const MAX_EXPERIMENTS = 1_000;

function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  // Oldest first: a long-lived process that touches many runs keeps the recent ones.
  if (map.size > limit) map.delete(map.keys().next().value as K);
}

/**
 * What an HTTP store has read or written of experiments and runs: a new run
 * needs its experiment (for its artifact location) and can then be started
 * while the server is out of reach; artifacts need their run's artifact URI;
 * an update answered from the spool needs the run's info. The server checks
 * every write again when it applies it.
 */
export class RemoteEntities {
  private readonly experiments = new Map<string, Experiment>();
  private readonly runs = new Map<string, RunInfo>();

  experiment(experimentId: string): Experiment | undefined {
    return this.experiments.get(experimentId);
  }

  rememberExperiment(experiment: Experiment): void {
    remember(this.experiments, experiment.experimentId, experiment, MAX_EXPERIMENTS);
  }

  forgetExperiment(experimentId: string): void {
    this.experiments.delete(String(experimentId));
  }

  run(runId: string): RunInfo | undefined {
    return this.runs.get(runId);
  }

  rememberRun(info: RunInfo): void {
    remember(this.runs, info.runId, { ...info }, MAX_RUNS);
  }

  /** A known run's info after an update, as updateRun returns it. */
  updated(known: RunInfo, operation: UpdateRunOperation): RunInfo {
    const info: RunInfo = {
      ...known,
      ...(operation.status !== undefined ? { status: operation.status } : {}),
      ...(operation.endTime !== undefined ? { endTime: operation.endTime } : {}),
      ...(operation.runName !== undefined ? { runName: operation.runName } : {}),
    };
    this.rememberRun(info);
    return { ...info };
  }

  forgetRun(runId: string): void {
    this.runs.delete(String(runId));
  }
}
