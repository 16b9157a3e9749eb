import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import { validateLogBatch } from './validate-log-batch.js';

const runId = 'a'.repeat(32);

describe('validateLogBatch', () => {
  it('turns absent lists into empty ones', () => {
    expect(validateLogBatch({ runId })).toEqual({ op: 'logBatch', runId, metrics: [], params: [], tags: [] });
  });

  it('passes valid entries through, NaN metrics and a param repeated with its own value included', () => {
    const metrics = [{ key: 'loss', value: Number.NaN, timestamp: 1, step: 0 }];
    const params = [
      { key: 'lr', value: '0.1' },
      { key: 'lr', value: '0.1' },
    ];
    const tags = [{ key: 'team', value: 'ml' }];
    expect(validateLogBatch({ runId, metrics, params, tags })).toEqual({ op: 'logBatch', runId, metrics, params, tags });
  });

  it.each([
    [{ runId: '' }, 'Invalid run id'],
    [{ runId, metrics: [{ key: 'm', value: '1' as unknown as number, timestamp: 1, step: 0 }] }, "Metric 'm' has value '1'"],
    [{ runId, params: [{ key: 'p', value: 'x'.repeat(6001) }] }, 'exceeds the limit of 6000 characters'],
    [{ runId, tags: [{ key: '../t', value: 'v' }] }, "Tag key '../t' is invalid"],
    [
      {
        runId,
        params: [
          { key: 'lr', value: '0.1' },
          { key: 'lr', value: '0.2' },
        ],
      },
      "Param 'lr' appears twice in one batch with different values ('0.1' and '0.2').",
    ],
  ])('rejects %j', (input, message) => {
    expect(() => validateLogBatch(input)).toThrow(InvalidParameterError);
    expect(() => validateLogBatch(input)).toThrow(message);
  });
});
