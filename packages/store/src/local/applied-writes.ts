import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { WriteOperation } from '@assay/core';
import type { WriteOrigin } from './spool.js';
import { readPrepared, runPrepared } from '../duckdb/prepared-statements.js';

/**
 * Marks this connection has read or committed, so that a writer's mark is
 * read from the table once per connection rather than in every transaction
 * (a scan that cost several ms of each small transaction). A connection is
 * opened when the process gets the file and closed when it hands it over, and
 * nothing else writes the file in between, so what it committed stays true.
 * Marks recorded in a transaction are kept aside until it commits
 * (keepCommittedMarks) and dropped if it rolls back (dropUncommittedMarks).
 */
const knownMarks = new WeakMap<DuckDBConnection, Map<string, number>>();
const uncommittedMarks = new WeakMap<DuckDBConnection, Map<string, number>>();

/** After COMMIT: the transaction's marks are the table's. */
export function keepCommittedMarks(connection: DuckDBConnection): void {
  const marks = uncommittedMarks.get(connection);
  if (marks === undefined) return;
  uncommittedMarks.delete(connection);
  let known = knownMarks.get(connection);
  if (known === undefined) knownMarks.set(connection, (known = new Map()));
  for (const [writer, sequence] of marks) known.set(writer, sequence);
}

/** After ROLLBACK: the transaction's marks never were. */
export function dropUncommittedMarks(connection: DuckDBConnection): void {
  uncommittedMarks.delete(connection);
}

/**
 * The highest sequence number applied so far of each writer asked about
 * (writers never seen are absent). Read inside the transaction that applies
 * more of their writes: nothing else applies a writer's writes meanwhile.
 */
export async function readAppliedSequences(connection: DuckDBConnection, writers: readonly string[]): Promise<Map<string, number>> {
  const applied = new Map<string, number>();
  const known = knownMarks.get(connection);
  const unknown: string[] = [];
  for (const writer of writers) {
    const sequence = known?.get(writer);
    if (sequence === undefined) unknown.push(writer);
    else applied.set(writer, sequence);
  }
  if (unknown.length === 0) return applied;
  const result = await readPrepared(connection, 'SELECT writer_id, max(sequence) FROM applied_writes WHERE writer_id IN (SELECT unnest($1)) GROUP BY writer_id', [
    listValue(unknown),
  ]);
  const read = new Map<string, number>(unknown.map((writer) => [writer, 0]));
  for (const [writer, sequence] of result.getRows()) read.set(String(writer), Number(sequence));
  for (const [writer, sequence] of read) {
    if (sequence > 0) applied.set(writer, sequence);
  }
  // What was read is committed state: known from now on (0 for a writer never seen).
  let kept = knownMarks.get(connection);
  if (kept === undefined) knownMarks.set(connection, (kept = new Map()));
  for (const [writer, sequence] of read) kept.set(writer, sequence);
  return applied;
}

/** Records new high-water marks (one row per writer, replaced), in the caller's transaction. */
export async function recordAppliedSequences(connection: DuckDBConnection, applied: ReadonlyMap<string, number>): Promise<void> {
  const now = Date.now();
  let pending = uncommittedMarks.get(connection);
  if (pending === undefined) uncommittedMarks.set(connection, (pending = new Map()));
  for (const [writer, sequence] of applied) {
    pending.set(writer, sequence);
    await runPrepared(connection, 'DELETE FROM applied_writes WHERE writer_id = $1', [writer]);
    await runPrepared(connection, 'INSERT INTO applied_writes VALUES ($1, $2, $3)', [writer, sequence, now]);
  }
}

/** Operations and where they came from, index-aligned (origins[i] undefined for a write without a sequence number). */
export interface OriginatedOperations {
  /** The operations. */
  operations: readonly WriteOperation[];
  /** Each operation's writer and sequence number, if it has them. */
  origins: readonly (OperationOrigin | undefined)[];
}

/** The writer and sequence number of one operation. */
export interface OperationOrigin {
  /** The writer that handed it over. */
  writer: string;
  /** Its sequence number (one per operation): a writer's operations are applied in this order. */
  sequence: number;
}

/** Each operation's origin, from a segment's or a batch's WriteOrigin. */
export function originsOf(operations: readonly WriteOperation[], origin: WriteOrigin | undefined): (OperationOrigin | undefined)[] {
  return operations.map((_operation, index) => {
    const sequence = origin?.sequences[index];
    return origin && sequence !== undefined ? { writer: origin.writers?.[index] ?? origin.writer, sequence } : undefined;
  });
}

/**
 * Drops the operations already applied (their sequence number is at or below
 * their writer's mark) and returns the rest, with the marks to record once
 * they are applied. Marks move forward as it goes, so an operation that
 * appears twice in one list is kept once.
 */
export async function skipAppliedWrites(
  connection: DuckDBConnection,
  { operations, origins }: OriginatedOperations,
): Promise<{ fresh: { operation: WriteOperation; index: number }[]; marks: Map<string, number> }> {
  const writers = [...new Set(origins.flatMap((origin) => (origin ? [origin.writer] : [])))];
  const applied = await readAppliedSequences(connection, writers);
  const marks = new Map<string, number>();
  const fresh: { operation: WriteOperation; index: number }[] = [];
  operations.forEach((operation, index) => {
    const origin = origins[index];
    if (origin) {
      if (origin.sequence <= (marks.get(origin.writer) ?? applied.get(origin.writer) ?? 0)) return;
      marks.set(origin.writer, origin.sequence);
    }
    fresh.push({ operation, index });
  });
  return { fresh, marks };
}
