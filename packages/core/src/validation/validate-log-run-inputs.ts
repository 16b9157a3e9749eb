import { validateDatasetContext, validateDatasetName, validateDatasetVersion } from '../datasets/validate-dataset.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { LogRunInputsInput } from '../store/dataset-store.js';
import { validateRunId } from './validate-entries.js';

/** One checked dataset input of a run. */
export interface ValidRunDatasetInput {
  /** The dataset's name. */
  datasetName: string;
  /** The version used. */
  datasetVersion: number;
  /** What the run used it for, if said. */
  context?: string;
}

/** A checked logRunInputs input. */
export interface ValidLogRunInputs {
  /** The run that used the datasets. */
  runId: string;
  /** The dataset versions it used, in order. */
  inputs: ValidRunDatasetInput[];
}

/**
 * Validates a logRunInputs input: the run id, and for each entry the dataset
 * name, a version (required) and the optional context.
 * @throws InvalidParameterError naming the first bad entry, e.g. `inputs[1].datasetVersion is required.`
 */
export function validateLogRunInputs(input: LogRunInputsInput): ValidLogRunInputs {
  const runId = validateRunId(input?.runId);
  const inputs: unknown = input.inputs;
  if (!Array.isArray(inputs)) throw new InvalidParameterError('inputs must be a list of { datasetName, datasetVersion, context? }.');
  return {
    runId,
    inputs: inputs.map((entry: unknown, index): ValidRunDatasetInput => {
      if (entry === null || typeof entry !== 'object') throw new InvalidParameterError(`inputs[${index}] must be { datasetName, datasetVersion, context? }.`);
      const { datasetName, datasetVersion, context } = entry as Record<string, unknown>;
      if (datasetVersion === undefined) throw new InvalidParameterError(`inputs[${index}].datasetVersion is required.`);
      const checkedContext = validateDatasetContext(context);
      return {
        datasetName: validateDatasetName(datasetName),
        datasetVersion: validateDatasetVersion(datasetVersion)!,
        ...(checkedContext !== undefined ? { context: checkedContext } : {}),
      };
    }),
  };
}
