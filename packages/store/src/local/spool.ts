import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { DuckDbStore } from '../duckdb-store.js';
import { applyWrites } from '../writes/apply-writes.js';
import type { WriteOperation } from '@assay/core';

const SEGMENT_SUFFIX = '.seg';

/** JSON cannot hold NaN or ±Infinity; spooled metrics can. */
function encode(operations: readonly WriteOperation[]): string {
  return JSON.stringify(operations, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value,
  );
}

function decode(text: string): WriteOperation[] {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && '$number' in value ? Number((value as { $number: string }).$number) : value,
  ) as WriteOperation[];
}

let lastTime = 0;
let sequence = 0;

function nextSegmentId(): string {
  lastTime = Math.max(Date.now(), lastTime);
  sequence += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${lastTime.toString(36).padStart(10, '0')}-${process.pid}-${sequence.toString(36).padStart(8, '0')}-${random}`;
}

/** The spool's folder inside a store directory. */
export const SPOOL_DIRECTORY = 'spool';

/** What one ingest pass did. */
export interface IngestReport {
  segments: number;
  rejected: number;
}

/**
 * The append-only spool of writes made while another process held the
 * database. A segment becomes visible only once complete (written, fsync'd,
 * then renamed), so readers never see a torn one. Ingest applies a segment
 * and records its id in the same transaction, so a crash between commit and
 * unlink never applies it twice.
 */
export class Spool {
  private ready: Promise<void> | undefined;

  constructor(readonly directory: string) {}

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  /** Durably appends one segment; when this resolves, the writes are acknowledged. */
  async write(operations: readonly WriteOperation[]): Promise<string> {
    await this.ensureDirectory();
    return this.writeSync(operations);
  }

  /** The same as write, synchronously: usable from a process 'exit' handler. */
  writeSync(operations: readonly WriteOperation[]): string {
    const id = nextSegmentId();
    const temporary = join(this.directory, `.tmp-${id}`);
    const descriptor = openSync(temporary, 'w');
    try {
      writeSync(descriptor, encode(operations));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, join(this.directory, `${id}${SEGMENT_SUFFIX}`));
    try {
      const directory = openSync(this.directory, 'r');
      fsyncSync(directory);
      closeSync(directory);
    } catch {
      // Some filesystems refuse fsync on directories; the rename is still atomic.
    }
    return id;
  }

  /** Complete segments, oldest first. */
  async pending(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.filter((name) => name.endsWith(SEGMENT_SUFFIX)).sort();
  }

  /**
   * Applies every pending segment to `store` (which must hold the database)
   * and removes them. Segments go in batches, one transaction per batch, in
   * name (= time) order; each op that cannot be applied is kept in
   * rejected_writes with its segment id.
   */
  async ingest(store: DuckDbStore, options: { maxOperationsPerBatch?: number } = {}): Promise<IngestReport> {
    const report: IngestReport = { segments: 0, rejected: 0 };
    const limit = options.maxOperationsPerBatch ?? 50_000;
    const names = await this.pending();
    let index = 0;
    while (index < names.length) {
      const batch: { segmentId: string; path: string; operations: WriteOperation[] }[] = [];
      let size = 0;
      while (index < names.length && (batch.length === 0 || size < limit)) {
        const name = names[index]!;
        index += 1;
        const path = join(this.directory, name);
        const operations = await this.read(path, name);
        if (!operations) continue;
        batch.push({ segmentId: name.slice(0, -SEGMENT_SUFFIX.length), path, operations });
        size += operations.length;
      }
      if (batch.length === 0) continue;
      await store.transaction(async (connection) => {
        const seen = await connection.runAndReadAll('SELECT segment_id FROM ingested_segments WHERE segment_id IN (SELECT unnest($1))', [
          listValue(batch.map((segment) => segment.segmentId)),
        ]);
        const alreadyIngested = new Set(seen.getRows().map(([segmentId]) => String(segmentId)));
        const operations: WriteOperation[] = [];
        const origins: string[] = [];
        for (const segment of batch) {
          if (alreadyIngested.has(segment.segmentId)) continue;
          for (const operation of segment.operations) {
            operations.push(operation);
            origins.push(segment.segmentId);
          }
        }
        const rejected: [string, WriteOperation, Error][] = [];
        const position = new Map(operations.map((operation, at) => [operation, at]));
        await applyWrites(connection, operations, {
          onReject: (operation, reason) => rejected.push([origins[position.get(operation) ?? 0]!, operation, reason]),
        });
        for (const [segmentId, operation, reason] of rejected) {
          await connection.run('INSERT INTO rejected_writes VALUES ($1, $2, $3, $4)', [segmentId, Date.now(), encode([operation]), reason.message]);
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
          if (alreadyIngested.has(segment.segmentId)) continue;
          appender.appendVarchar(segment.segmentId);
          appender.appendBigInt(now);
          appender.endRow();
        }
        appender.closeSync();
      });
      for (const segment of batch) {
        await unlink(segment.path).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
      }
      report.segments += batch.length;
    }
    return report;
  }

  /** Reads one segment; an unreadable one is set aside (never dropped, never retried forever). */
  private async read(path: string, name: string): Promise<WriteOperation[] | undefined> {
    try {
      return decode(await readFile(path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // another holder took it
      await mkdir(join(this.directory, 'unreadable'), { recursive: true });
      await rename(path, join(this.directory, 'unreadable', name));
      console.warn(`[assay] spool segment ${name} could not be read and was moved to spool/unreadable/: ${String(error)}`);
      return undefined;
    }
  }
}
