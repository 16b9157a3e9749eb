import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { LogRunInputsInput } from '../store/dataset-store.js';
import { validateLogRunInputs } from './validate-log-run-inputs.js';

describe('validateLogRunInputs', () => {
  it('returns the checked entries in order, the context only when given', () => {
    expect(
      validateLogRunInputs({
        runId: 'run-1',
        inputs: [
          { datasetName: 'qa', datasetVersion: 2, context: 'eval' },
          { datasetName: 'train', datasetVersion: 1 },
        ],
      }),
    ).toEqual({
      runId: 'run-1',
      inputs: [
        { datasetName: 'qa', datasetVersion: 2, context: 'eval' },
        { datasetName: 'train', datasetVersion: 1 },
      ],
    });
  });

  it.each([
    [{ runId: '', inputs: [] }, 'Invalid run id'],
    [{ runId: 'r', inputs: 'qa' }, 'inputs must be a list of { datasetName, datasetVersion, context? }.'],
    [{ runId: 'r', inputs: [null] }, 'inputs[0] must be { datasetName, datasetVersion, context? }.'],
    [{ runId: 'r', inputs: [{ datasetName: 'qa', datasetVersion: 1 }, { datasetName: 'qa' }] }, 'inputs[1].datasetVersion is required.'],
    [{ runId: 'r', inputs: [{ datasetName: 'qa', datasetVersion: 1, context: '' }] }, 'Dataset input context must be a string of 1 to 250 characters'],
    [{ runId: 'r', inputs: [{ datasetName: '/', datasetVersion: 1 }] }, 'Dataset name'],
    [{ runId: 'r', inputs: [{ datasetName: 'qa', datasetVersion: 1.5 }] }, 'Dataset version must be a whole number of at least 1, got 1.5.'],
  ])('rejects %#', (input, message) => {
    const call = (): unknown => validateLogRunInputs(input as unknown as LogRunInputsInput);
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow(message);
  });
});
