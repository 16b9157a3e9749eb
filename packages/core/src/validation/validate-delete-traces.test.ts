import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { DeleteTracesInput } from '../store/trace-store.js';
import { validateDeleteTraces } from './validate-delete-traces.js';

describe('validateDeleteTraces', () => {
  it('selects by ids or by time', () => {
    expect(validateDeleteTraces({ experimentId: '1', traceIds: ['tr-1'] })).toEqual({ experimentId: '1', by: 'ids', traceIds: ['tr-1'] });
    expect(validateDeleteTraces({ experimentId: '1', maxTimestampMillis: 10 })).toEqual({ experimentId: '1', by: 'time', maxTimestampMillis: 10 });
    expect(validateDeleteTraces({ experimentId: '1', maxTimestampMillis: 10, maxTraces: 2 })).toEqual({
      experimentId: '1',
      by: 'time',
      maxTimestampMillis: 10,
      maxTraces: 2,
    });
  });

  it.each([
    [{ experimentId: '', traceIds: [] }, 'deleteTraces needs experimentId.'],
    [{ experimentId: '1' }, 'deleteTraces needs either traceIds, or maxTimestampMillis (with an optional maxTraces), not both.'],
    [{ experimentId: '1', traceIds: [], maxTimestampMillis: 1 }, 'not both'],
    [{ experimentId: '1', traceIds: [1] as unknown as string[] }, 'traceIds must be a list of trace id strings.'],
    [{ experimentId: '1', maxTimestampMillis: 1.5 }, 'maxTimestampMillis must be integer milliseconds, got 1.5.'],
    [{ experimentId: '1', maxTimestampMillis: 1, maxTraces: 0 }, 'maxTraces must be a positive integer, got 0.'],
  ])('rejects %j', (input: DeleteTracesInput, message) => {
    expect(() => validateDeleteTraces(input)).toThrow(InvalidParameterError);
    expect(() => validateDeleteTraces(input)).toThrow(message);
  });
});
