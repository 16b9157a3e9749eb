import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateDeleteTag } from './validate-delete-tag.js';

describe('validateDeleteTag', () => {
  it('makes a deleteTag operation', () => {
    expect(validateDeleteTag({ runId: 'run-1', key: 'team' })).toEqual({ op: 'deleteTag', runId: 'run-1', key: 'team' });
  });

  it('rejects a bad run id', () => {
    expect(() => validateDeleteTag({ runId: '-x', key: 'team' })).toThrow(InvalidParameterError);
    expect(() => validateDeleteTag({ runId: '-x', key: 'team' })).toThrow("Invalid run id '-x'");
  });
});
