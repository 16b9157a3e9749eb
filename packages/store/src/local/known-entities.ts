import { createdRun, type Experiment, type LogBatchOperation, type NewRun, type Run, type RunInfo, type UpdateRunOperation } from '@assay/core';
import { paramConflictError } from '../writes/param-conflict-error.js';
import type { ExperimentCatalog } from './experiment-catalog.js';

/**
 * What this process has created or read: the experiments and runs it may
 * write to without reading the database first, which lets those writes go to
 * the spool while another process holds the file. The database checks every
 * write again when it is applied; a write refused then is kept in
 * `rejected_writes`.
 */
export class KnownEntities {
  private readonly experiments = new Map<string, Experiment>();
  private readonly runs = new Map<string, RunInfo>();
  private readonly params = new Map<string, Map<string, string>>();

  constructor(
    /** Experiments that other processes of the store directory saw too; kept in step with this process's. */
    readonly catalog?: ExperimentCatalog,
  ) {}

  /** An experiment read before, if it has not changed since in this process. */
  experiment(experimentId: string): Experiment | undefined {
    return this.experiments.get(String(experimentId));
  }

  rememberExperiment(experiment: Experiment): void {
    this.experiments.set(experiment.experimentId, experiment);
    this.catalog?.remember(experiment);
  }

  forgetExperiment(experimentId: string): void {
    this.experiments.delete(String(experimentId));
    this.catalog?.forget(String(experimentId));
  }

  /** A run's info as created, read or updated by this process. */
  run(runId: string): RunInfo | undefined {
    return this.runs.get(runId);
  }

  /** Remembers a run read from the database, with its params. */
  rememberRun(run: Run): void {
    this.runs.set(run.info.runId, { ...run.info });
    this.params.set(run.info.runId, new Map(Object.entries(run.data.params)));
  }

  /** Remembers a run this process created, and returns it as createRun does. */
  rememberCreatedRun(run: NewRun): Run {
    const created = createdRun(run);
    this.runs.set(run.runId, { ...created.info });
    return created;
  }

  /** Applies an update to a known run's info and returns the new info, as updateRun does. */
  rememberUpdate(known: RunInfo, operation: UpdateRunOperation): RunInfo {
    const info: RunInfo = {
      ...known,
      ...(operation.status !== undefined ? { status: operation.status } : {}),
      ...(operation.endTime !== undefined ? { endTime: operation.endTime } : {}),
      ...(operation.runName !== undefined ? { runName: operation.runName } : {}),
    };
    this.runs.set(info.runId, info);
    return { ...info };
  }

  forgetRun(runId: string): void {
    this.runs.delete(String(runId));
  }

  /** Catches a changed param while the caller can still be told (ConflictError); the database checks again. */
  checkParams(operation: LogBatchOperation): void {
    const params = this.params.get(operation.runId);
    if (!params) return;
    for (const param of operation.params) {
      const logged = params.get(param.key);
      if (logged !== undefined && logged !== param.value) {
        throw paramConflictError({ runId: operation.runId, key: param.key, logged, attempted: param.value });
      }
    }
  }

  rememberParams(operation: LogBatchOperation): void {
    let params = this.params.get(operation.runId);
    if (!params) this.params.set(operation.runId, (params = new Map()));
    for (const param of operation.params) params.set(param.key, param.value);
  }
}
