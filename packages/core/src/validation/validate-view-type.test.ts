import { describe, expect, it } from 'vitest';
import type { ViewType } from '../entities/lifecycle.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateViewType } from './validate-view-type.js';

describe('validateViewType', () => {
  it('defaults to ACTIVE_ONLY and keeps valid ones', () => {
    expect(validateViewType(undefined)).toBe('ACTIVE_ONLY');
    expect(validateViewType('DELETED_ONLY')).toBe('DELETED_ONLY');
    expect(validateViewType('ALL')).toBe('ALL');
  });

  it('rejects others, listing the valid ones', () => {
    expect(() => validateViewType('active' as ViewType)).toThrow(InvalidParameterError);
    expect(() => validateViewType('active' as ViewType)).toThrow("Invalid view type 'active'; use one of ACTIVE_ONLY, DELETED_ONLY, ALL.");
  });
});
