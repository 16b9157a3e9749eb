import type { Run, RunInfo } from '../entities/run.js';
import { InvalidParameterError } from '../errors/assay-error.js';
import type { LogEvaluationRowsInput } from './evaluation-row-store.js';
import type { CreateRunInput, DeleteTagInput, LogBatchInput, UpdateRunInput } from './run-store.js';
import type { LogSpansInput } from './trace-store.js';

/**
 * One of the Store's writes that a store can spool and apply exactly once:
 * the methods behind WriteOperation (runs, their metrics, params and tags,
 * spans, evaluation rows), named with their input.
 */
export type StoreWrite =
  | { method: 'createRun'; input: CreateRunInput }
  | { method: 'updateRun'; input: UpdateRunInput }
  | { method: 'logBatch'; input: LogBatchInput }
  | { method: 'deleteTag'; input: DeleteTagInput }
  | { method: 'logSpans'; input: LogSpansInput }
  | { method: 'logEvaluationRows'; input: LogEvaluationRowsInput };

/** A write with its place in its writer's order. */
export type SequencedWrite = StoreWrite & {
  /** A positive integer; a writer's writes have increasing sequence numbers, in the order it made them. */
  sequence: number;
};

/** Input of SequencedWriter.writeSequenced. */
export interface WriteSequencedInput {
  /**
   * Who made the writes: an id unique across processes and time (e.g. a
   * random UUID), 1 to 200 characters without control characters. A store
   * remembers the highest sequence number it applied of each writer.
   */
  writer: string;
  /** The writer's writes, in increasing sequence order. */
  writes: readonly SequencedWrite[];
}

/** What one sequenced write came to: what its method returns (the Run of createRun, the RunInfo of updateRun, else undefined), or why it was refused. */
export type SequencedWriteResult = PromiseSettledResult<Run | RunInfo | undefined>;

/**
 * An optional capability of a store: applying a remote writer's writes
 * exactly once, however often they are sent. A client that cannot tell
 * whether a request reached the store (its answer was lost, the server went
 * down) sends the same writes again with the same writer and sequence
 * numbers; the store applies each once. The server uses it for clients'
 * writes (see `POST /api/assay/v1/writes`); a local store implements it on
 * the record of applied sequence numbers it keeps for its own writes.
 */
export interface SequencedWriter {
  /**
   * Runs the writes in order, each as its method would (same validation,
   * same errors, same result), except that a write whose sequence number is
   * at or below the highest this store has applied for the writer is not
   * applied again: it was applied before, and is answered as the method
   * answers. A writer must send its writes in sequence order and, when it
   * sends one again, send again every write after it that it has not seen
   * acknowledged (a later write applied first would make the store skip the
   * earlier one). Resolves once every write is durable or refused; one
   * write's failure does not fail the others.
   * @throws InvalidParameterError for a bad writer id or sequence numbers that do not increase.
   */
  writeSequenced(input: WriteSequencedInput): Promise<SequencedWriteResult[]>;
}

/** True when `store` can apply a remote writer's writes exactly once (see SequencedWriter). */
export function canWriteSequenced(store: unknown): store is SequencedWriter {
  return typeof store === 'object' && store !== null && typeof (store as Partial<SequencedWriter>).writeSequenced === 'function';
}

const MAX_WRITER_LENGTH = 200;

/**
 * Checks a writeSequenced input's writer id and sequence numbers (not the
 * writes, which their methods check).
 * @throws InvalidParameterError naming what is wrong.
 */
export function validateWriteSequenced(input: WriteSequencedInput): WriteSequencedInput {
  const writer = input?.writer;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (typeof writer !== 'string' || writer === '' || writer.length > MAX_WRITER_LENGTH || /[\u0000-\u001f\u007f]/u.test(writer)) {
    throw new InvalidParameterError(`writer must be an id of 1 to ${MAX_WRITER_LENGTH} characters without control characters.`);
  }
  if (!Array.isArray(input.writes)) throw new InvalidParameterError('writes must be a list.');
  let previous = 0;
  input.writes.forEach((write, index) => {
    const sequence = write?.sequence;
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence <= previous) {
      throw new InvalidParameterError(`writes[${index}].sequence must be a positive integer above the previous write's (${previous}), got ${String(sequence)}.`);
    }
    previous = sequence;
  });
  return input;
}
