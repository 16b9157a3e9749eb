import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogBatchOperation, WriteOperation } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { DatabaseLease } from './database-lease.js';
import { ingestSpool } from './ingest-spool.js';
import { Spool } from './spool.js';

const runId = 'a'.repeat(32);

/** Write number `sequence`: one metric point at that step. */
function point(sequence: number): LogBatchOperation {
  return { op: 'logBatch', runId, metrics: [{ key: 'm', value: sequence, timestamp: sequence, step: sequence }], params: [], tags: [] };
}

/** Writes `from`..`to` of a writer, with their sequence numbers. */
function writes(writer: string, from: number, to: number): { operations: WriteOperation[]; origin: { writer: string; sequences: number[] } } {
  const sequences = Array.from({ length: to - from + 1 }, (_, index) => from + index);
  return { operations: sequences.map(point), origin: { writer, sequences } };
}

describe('writes with sequence numbers apply once (applied_writes)', () => {
  let root: string;
  let spool: Spool;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'assay-applied-'));
    spool = new Spool(join(root, 'spool'));
    const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
    await store.applyWrites([
      { op: 'createRun', run: { runId, experimentId: '0', runName: 'r', userId: '', startTime: 1, artifactUri: 'mlflow-artifacts:/0/r', tags: [] } },
    ]);
    await store.close();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function steps(): Promise<number[]> {
    const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
    await ingestSpool({ spool, store });
    const history = await store.getMetricHistory({ runId, key: 'm' });
    await store.close();
    return history.map((metric) => metric.step).sort((a, b) => a - b);
  }

  function lease(): DatabaseLease {
    return new DatabaseLease({
      databasePath: join(root, 'assay.duckdb'),
      artifactRoot: join(root, 'artifacts'),
      spool,
      waitingDirectory: join(root, 'waiting'),
      lingerMs: 0,
      maxHoldMs: 1000,
      busyTimeoutMs: 1000,
    });
  }

  it('skips writes sent again after they were committed (a host that died before acknowledging them)', async () => {
    const database = lease();
    const first = writes('w1', 1, 10);
    await database.write(first.operations, first.origin);
    // Sent again with the ones after them, as the app thread does after a restart.
    const again = writes('w1', 1, 15);
    await database.write(again.operations, again.origin);
    await database.close();
    expect(await steps()).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
  });

  it('skips the spooled copies of committed writes (the app spooled at exit while the host was committing them), and applies the rest', async () => {
    const database = lease();
    const committed = writes('w1', 1, 10);
    await database.write(committed.operations, committed.origin);
    await database.close();
    // What the app spooled: everything the host had not reported durable, 6..15, of which 6..10 did commit.
    const spooled = writes('w1', 6, 15);
    await spool.write(spooled.operations, spooled.origin);
    expect(await steps()).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
  });

  it('applies two spooled copies of the same writes once, other writers and writes without sequence numbers as they are', async () => {
    const copy = writes('w1', 1, 5);
    await spool.write(copy.operations, copy.origin);
    await spool.write(copy.operations, copy.origin);
    const other = writes('w2', 1, 2);
    await spool.write(other.operations.map((operation, index) => ({ ...operation, metrics: [{ ...(operation as LogBatchOperation).metrics[0]!, step: 100 + index }] })), other.origin);
    await spool.write([point(50), point(50)]);
    expect(await steps()).toEqual([1, 2, 3, 4, 5, 50, 50, 100, 101]);
    const store = await DuckDbStore.open({ path: join(root, 'assay.duckdb') });
    expect((await store.sql({ query: 'select writer_id, sequence from applied_writes order by writer_id' })).rows).toEqual([
      ['w1', 5],
      ['w2', 2],
    ]);
    await store.close();
  });
});
