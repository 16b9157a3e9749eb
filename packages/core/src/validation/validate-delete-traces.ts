import { InvalidParameterError } from '../errors/assay-error.js';
import type { DeleteTracesInput } from '../store/trace-store.js';

/** A checked deleteTraces input: which traces of one experiment to delete. */
export type ValidDeleteTraces =
  | {
      /** The experiment whose traces are deleted. */
      experimentId: string;
      /** Delete by id. */
      by: 'ids';
      /** The traces to delete. */
      traceIds: string[];
    }
  | {
      /** The experiment whose traces are deleted. */
      experimentId: string;
      /** Delete the oldest traces. */
      by: 'time';
      /** Traces that started at or before this time (milliseconds since the epoch). */
      maxTimestampMillis: number;
      /** At most this many; all when absent. */
      maxTraces?: number;
    };

/**
 * Validates a deleteTraces input: an experiment id, and either trace ids or a
 * time bound (with an optional positive maxTraces), not both.
 * @throws InvalidParameterError saying which of these is wrong.
 */
export function validateDeleteTraces(input: DeleteTracesInput): ValidDeleteTraces {
  const experimentId = input?.experimentId;
  if (typeof experimentId !== 'string' || experimentId === '') {
    throw new InvalidParameterError('deleteTraces needs experimentId.');
  }
  const byIds = input.traceIds !== undefined;
  if (byIds === (input.maxTimestampMillis !== undefined)) {
    throw new InvalidParameterError('deleteTraces needs either traceIds, or maxTimestampMillis (with an optional maxTraces), not both.');
  }
  if (byIds && (!Array.isArray(input.traceIds) || input.traceIds.some((id) => typeof id !== 'string'))) {
    throw new InvalidParameterError('traceIds must be a list of trace id strings.');
  }
  if (!byIds && !Number.isSafeInteger(input.maxTimestampMillis)) {
    throw new InvalidParameterError(`maxTimestampMillis must be integer milliseconds, got ${String(input.maxTimestampMillis)}.`);
  }
  if (input.maxTraces !== undefined && (!Number.isSafeInteger(input.maxTraces) || input.maxTraces < 1)) {
    throw new InvalidParameterError(`maxTraces must be a positive integer, got ${String(input.maxTraces)}.`);
  }
  if (byIds) return { experimentId, by: 'ids', traceIds: input.traceIds ?? [] };
  return {
    experimentId,
    by: 'time',
    maxTimestampMillis: input.maxTimestampMillis!,
    ...(input.maxTraces !== undefined ? { maxTraces: input.maxTraces } : {}),
  };
}
