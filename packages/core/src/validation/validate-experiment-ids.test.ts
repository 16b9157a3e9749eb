import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateExperimentIds } from './validate-experiment-ids.js';

describe('validateExperimentIds', () => {
  it('returns the ids as strings', () => {
    expect(validateExperimentIds({ experimentIds: ['1', 2], operation: 'searchRuns' })).toEqual(['1', '2']);
  });

  it.each([undefined, [], '1'])('rejects %j, naming the operation', (experimentIds) => {
    const call = (): unknown => validateExperimentIds({ experimentIds, operation: 'searchTraces' });
    expect(call).toThrow(InvalidParameterError);
    expect(call).toThrow('searchTraces needs at least one experiment id in experimentIds.');
  });
});
