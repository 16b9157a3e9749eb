import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateCreateExperiment } from './validate-create-experiment.js';

describe('validateCreateExperiment', () => {
  it('returns the name, the tags as a list, and the artifact location only when given', () => {
    expect(validateCreateExperiment({ name: 'exp' })).toEqual({ name: 'exp', tags: [] });
    expect(validateCreateExperiment({ name: 'exp', artifactLocation: '/tmp/a', tags: { team: 'ml' } })).toEqual({
      name: 'exp',
      artifactLocation: '/tmp/a',
      tags: [{ key: 'team', value: 'ml' }],
    });
  });

  it.each([
    [{ name: '  ' }, 'Experiment name must be a non-empty string'],
    [{ name: 'n'.repeat(501) }, 'exceeds the limit of 500 characters'],
    [{ name: 'exp', tags: { 'a/../b': 'x' } }, "Experiment tag key 'a/../b' is invalid"],
    [{ name: 'exp', tags: { k: 'v'.repeat(5001) } }, 'exceeds the limit of 5000 characters'],
  ])('rejects %#', (input, message) => {
    expect(() => validateCreateExperiment(input)).toThrow(InvalidParameterError);
    expect(() => validateCreateExperiment(input)).toThrow(message);
  });
});
