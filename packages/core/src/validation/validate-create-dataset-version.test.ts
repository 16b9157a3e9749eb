import { describe, expect, it } from 'vitest';
import type { DatasetSourceType } from '../entities/dataset.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateCreateDatasetVersion } from './validate-create-dataset-version.js';

const rows = [{ question: 'q', answer: 'a' }];

describe('validateCreateDatasetVersion', () => {
  it('fills the defaults: inline source, no description, no tags', () => {
    expect(validateCreateDatasetVersion({ name: 'qa', rows })).toEqual({ name: 'qa', rows, source: 'inline', sourceType: 'inline', tags: {} });
  });

  it('keeps a given source, type, description and tags', () => {
    expect(
      validateCreateDatasetVersion({ name: 'qa', rows, source: '/data/qa.jsonl', sourceType: 'jsonl', description: 'd', tags: { team: 'ml' } }),
    ).toEqual({ name: 'qa', rows, source: '/data/qa.jsonl', sourceType: 'jsonl', description: 'd', tags: { team: 'ml' } });
  });

  it.each([
    [{ name: 'a/b', rows }, 'Dataset name'],
    [{ name: 'qa', rows: [] }, 'Dataset rows must not be empty'],
    [{ name: 'qa', rows: [{ when: new Date(0) }] }, 'rows[0].when is a Date'],
    [{ name: 'qa', rows, sourceType: 'excel' as DatasetSourceType }, "Unknown dataset sourceType 'excel'"],
    [{ name: 'qa', rows, source: '' }, 'Dataset source must be a non-empty string.'],
    [{ name: 'qa', rows, description: 5 as unknown as string }, 'Dataset description must be a string'],
  ])('rejects %#', (input, message) => {
    expect(() => validateCreateDatasetVersion(input)).toThrow(InvalidParameterError);
    expect(() => validateCreateDatasetVersion(input)).toThrow(message);
  });
});
