import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateDeleteExperiment } from './validate-delete-experiment.js';

describe('validateDeleteExperiment', () => {
  it('returns the id of any experiment but the Default one', () => {
    expect(validateDeleteExperiment({ experimentId: '12' })).toBe('12');
  });

  it('refuses the Default experiment, also given as a number', () => {
    expect(() => validateDeleteExperiment({ experimentId: '0' })).toThrow(InvalidParameterError);
    expect(() => validateDeleteExperiment({ experimentId: 0 as unknown as string })).toThrow('The Default experiment (id 0) cannot be deleted.');
  });
});
