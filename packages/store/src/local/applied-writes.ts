import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { WriteOperation } from '@assay/core';
import type { WriteOrigin } from './spool.js';

/**
 * The highest sequence number applied so far of each writer asked about
 * (writers never seen are absent). Read inside the transaction that applies
 * more of their writes: nothing else applies a writer's writes meanwhile.
 */
export async function readAppliedSequences(connection: DuckDBConnection, writers: readonly string[]): Promise<Map<string, number>> {
  const applied = new Map<string, number>();
  if (writers.length === 0) return applied;
  const result = await connection.runAndReadAll('SELECT writer_id, max(sequence) FROM applied_writes WHERE writer_id IN (SELECT unnest($1)) GROUP BY writer_id', [
    listValue([...writers]),
  ]);
  for (const [writer, sequence] of result.getRows()) applied.set(String(writer), Number(sequence));
  return applied;
}

/** Records new high-water marks (one row per writer, replaced), in the caller's transaction. */
export async function recordAppliedSequences(connection: DuckDBConnection, applied: ReadonlyMap<string, number>): Promise<void> {
  const now = Date.now();
  for (const [writer, sequence] of applied) {
    await connection.run('DELETE FROM applied_writes WHERE writer_id = $1', [writer]);
    await connection.run('INSERT INTO applied_writes VALUES ($1, $2, $3)', [writer, sequence, now]);
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
