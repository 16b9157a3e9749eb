import { listValue } from '@duckdb/node-api';
import type { WriteOperation } from '@assay/core';
import type { DuckDbStore } from '../duckdb-store.js';
import { applyWrites } from '../writes/apply-writes.js';
import { originsOf, recordAppliedSequences, skipAppliedWrites, type OperationOrigin } from './applied-writes.js';
import { rejectedSpansOf, rejectedTracesReason } from './rejected-spans.js';
import { encodeOperations, type Spool, type SpoolSegment } from './spool.js';

/** What one ingest pass did. */
export interface IngestReport {
  /** Segments applied (or found applied before) and removed. */
  segments: number;
  /** Writes that could not be applied, kept in `rejected_writes`. */
  rejected: number;
}

/** Options of ingestSpool. */
export interface IngestSpoolOptions {
  /** The spool to empty. */
  spool: Spool;
  /** The store to apply it to; it must hold the database. */
  store: DuckDbStore;
  /** Operations per transaction, about (whole segments go together); default 50,000. */
  maxOperationsPerBatch?: number;
}

/**
 * Applies every pending segment of a spool and removes them. Segments go in
 * batches, one transaction per batch, in the order they were written; a
 * segment's id is recorded in `ingested_segments` in the same transaction,
 * so a crash between commit and removal never applies it twice. Writes with
 * sequence numbers (see WriteOrigin) that their writer's mark in
 * `applied_writes` shows applied already are skipped, and the marks move
 * forward in the same transaction. Each write that cannot be applied is kept
 * in `rejected_writes` with its segment id.
 */
export async function ingestSpool({ spool, store, maxOperationsPerBatch = 50_000 }: IngestSpoolOptions): Promise<IngestReport> {
  const report: IngestReport = { segments: 0, rejected: 0 };
  const ids = await spool.pending();
  let index = 0;
  while (index < ids.length) {
    const batch: SpoolSegment[] = [];
    let size = 0;
    while (index < ids.length && (batch.length === 0 || size < maxOperationsPerBatch)) {
      const segment = await spool.read(ids[index]!);
      index += 1;
      if (!segment) continue;
      batch.push(segment);
      size += segment.operations.length;
    }
    if (batch.length === 0) continue;
    await store.transaction(async (connection) => {
      const seen = await connection.runAndReadAll('SELECT segment_id FROM ingested_segments WHERE segment_id IN (SELECT unnest($1))', [
        listValue(batch.map((segment) => segment.id)),
      ]);
      const alreadyIngested = new Set(seen.getRows().map(([segmentId]) => String(segmentId)));
      const spooled: WriteOperation[] = [];
      const segmentIds: string[] = [];
      const writers: (OperationOrigin | undefined)[] = [];
      for (const segment of batch) {
        if (alreadyIngested.has(segment.id)) continue;
        spooled.push(...segment.operations);
        writers.push(...originsOf(segment.operations, segment.origin));
        for (const _operation of segment.operations) segmentIds.push(segment.id);
      }
      const { fresh, marks } = await skipAppliedWrites(connection, { operations: spooled, origins: writers });
      const operations = fresh.map(({ operation }) => operation);
      const origins = fresh.map(({ index }) => segmentIds[index]!);
      const rejected: [string, WriteOperation, Error][] = [];
      const position = new Map(operations.map((operation, at) => [operation, at]));
      const rejectedTraces = await applyWrites(connection, operations, {
        prices: store.modelPrices,
        onReject: (operation, reason) => rejected.push([origins[position.get(operation) ?? 0]!, operation, reason]),
      });
      // A span write applied without some of its spans (traces of another experiment): those spans are kept as rejected.
      for (const [operation, traces] of rejectedTraces) {
        if (operation.op !== 'logSpans') continue;
        rejected.push([origins[position.get(operation) ?? 0]!, rejectedSpansOf(operation, traces), rejectedTracesReason(operation, traces)]);
      }
      await recordAppliedSequences(connection, marks);
      for (const [segmentId, operation, reason] of rejected) {
        await connection.run('INSERT INTO rejected_writes VALUES ($1, $2, $3, $4)', [segmentId, Date.now(), encodeOperations([operation]), reason.message]);
      }
      if (rejected.length > 0) {
        report.rejected += rejected.length;
        console.warn(
          `[assay] ${rejected.length} spooled write(s) could not be applied (first: ${rejected[0]![2].message}); they are kept in the rejected_writes table.`,
        );
      }
      const appender = await connection.createAppender('ingested_segments');
      const now = BigInt(Date.now());
      for (const segment of batch) {
        if (alreadyIngested.has(segment.id)) continue;
        appender.appendVarchar(segment.id);
        appender.appendBigInt(now);
        appender.endRow();
      }
      appender.closeSync();
    });
    for (const segment of batch) await spool.remove(segment.id);
    report.segments += batch.length;
  }
  return report;
}
