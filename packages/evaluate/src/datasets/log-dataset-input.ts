import { InvalidParameterError } from '@assay/core';
import { activeRun } from '@assay/sdk';
import type { Dataset } from './dataset.js';

export interface LogDatasetInputOptions {
  /** Default: the active run (`startRun`, `withRun`). */
  runId?: string;
  /** What the run used the dataset for, e.g. `eval` or `training` (the `mlflow.data.context` tag). */
  context?: string;
}

/**
 * Records that a run used this dataset version (MLflow's `log_input`); the
 * run's `inputs.datasetInputs` then names it. Logging it again is a no-op.
 *
 * @example
 * await withRun({ runName: 'nightly-eval' }, async () => {
 *   await logDatasetInput(dataset, { context: 'eval' });
 * });
 */
export async function logDatasetInput(dataset: Dataset, options: LogDatasetInputOptions = {}): Promise<void> {
  const runId = options.runId ?? activeRun()?.id;
  if (runId === undefined) {
    throw new InvalidParameterError('No active run to log the dataset to: call it inside withRun()/startRun(), or pass runId.');
  }
  await dataset.store.logRunInputs({
    runId,
    inputs: [
      {
        datasetName: dataset.info.name,
        datasetVersion: dataset.info.version,
        ...(options.context !== undefined ? { context: options.context } : {}),
      },
    ],
  });
}
