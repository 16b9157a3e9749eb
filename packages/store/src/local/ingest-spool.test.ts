import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateRunOperation, WriteOperation } from '@assay/core';
import { DuckDbStore } from '../duckdb-store.js';
import { ingestSpool } from './ingest-spool.js';
import { Spool } from './spool.js';

describe('ingestSpool', () => {
  let directory: string;
  let store: DuckDbStore;
  let spool: Spool;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'assay-ingest-'));
    spool = new Spool(join(directory, 'spool'));
    store = await DuckDbStore.open({ path: ':memory:' });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const segmentFiles = async (): Promise<string[]> => (await readdir(spool.directory)).filter((name) => name.endsWith('.seg')).sort();
  const rows = async (query: string): Promise<unknown[][]> => (await store.sql({ query })).rows;
  const newRun = (runName: string): Promise<CreateRunOperation> => store.prepareRun({ experimentId: '0', runName });
  const tag = (runId: string, value: string): WriteOperation => ({ op: 'logBatch', runId, metrics: [], params: [], tags: [{ key: 'phase', value }] });

  it('does nothing without segments, partial (unrenamed) files included', async () => {
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 0, rejected: 0 });
    await mkdir(spool.directory, { recursive: true });
    await writeFile(join(spool.directory, '.tmp-0000000001-1-00000001-abcdef'), '[{"op":"deleteTag"');
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 0, rejected: 0 });
    expect(await readdir(spool.directory)).toEqual(['.tmp-0000000001-1-00000001-abcdef']);
  });

  it('ingests segments in the order they were written, removes them, and keeps NaN and infinities', async () => {
    const create = await newRun('spooled');
    const runId = create.run.runId;
    await spool.write([create, tag(runId, 'first')]);
    await spool.write([
      tag(runId, 'second'),
      {
        op: 'logBatch',
        runId,
        metrics: [
          { key: 'nan', value: Number.NaN, timestamp: 1, step: 0 },
          { key: 'inf', value: Number.POSITIVE_INFINITY, timestamp: 1, step: 0 },
          { key: 'ninf', value: Number.NEGATIVE_INFINITY, timestamp: 1, step: 0 },
        ],
        params: [],
        tags: [],
      },
    ]);
    await spool.write([tag(runId, 'third'), { op: 'updateRun', runId, status: 'FINISHED', endTime: 9 }]);
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 3, rejected: 0 });
    const run = await store.getRun({ runId });
    expect(run.data.tags.phase).toBe('third');
    expect(run.info).toMatchObject({ status: 'FINISHED', endTime: 9 });
    expect(Number.isNaN(run.data.metrics.nan)).toBe(true);
    expect(run.data.metrics).toMatchObject({ inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY });
    expect(await segmentFiles()).toEqual([]);
    expect(await rows('SELECT count(*) FROM ingested_segments')).toEqual([[3]]);
  });

  it('ingests in batches of about maxOperationsPerBatch operations, one transaction each, in order', async () => {
    const create = await newRun('batched');
    const runId = create.run.runId;
    await spool.write([create]);
    for (const value of ['a', 'b', 'c', 'd']) await spool.write([tag(runId, value)]);
    expect(await ingestSpool({ spool, store, maxOperationsPerBatch: 2 })).toEqual({ segments: 5, rejected: 0 });
    expect((await store.getRun({ runId })).data.tags.phase).toBe('d');
    expect(await segmentFiles()).toEqual([]);
  });

  it('skips a segment left behind after its transaction committed (a crash before it was removed)', async () => {
    const create = await newRun('once');
    const runId = create.run.runId;
    const id = await spool.write([create, { op: 'logBatch', runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] }]);
    const text = await readFile(join(spool.directory, `${id}.seg`), 'utf8');
    await ingestSpool({ spool, store });
    await writeFile(join(spool.directory, `${id}.seg`), text); // the leftover
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 1, rejected: 0 });
    expect(await store.getMetricHistory({ runId, key: 'm' })).toHaveLength(1);
    expect(await segmentFiles()).toEqual([]);
  });

  it('keeps operations that cannot be applied in rejected_writes with their segment, and applies the rest', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const create = await newRun('partly');
    const runId = create.run.runId;
    const unknown = tag('f'.repeat(32), 'lost');
    const id = await spool.write([create, unknown, tag(runId, 'kept')]);
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 1, rejected: 1 });
    expect((await store.getRun({ runId })).data.tags.phase).toBe('kept');
    const [rejected] = await rows('SELECT segment_id, operation, reason FROM rejected_writes');
    expect(rejected![0]).toBe(id);
    expect(JSON.parse(String(rejected![1]))).toEqual([unknown]);
    expect(rejected![2]).toBe(`Run '${'f'.repeat(32)}' not found. Check the run id, or create the run first.`);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining('1 spooled write(s) could not be applied'));
  });

  it('sets an unreadable segment aside in unreadable/ and still ingests the others', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const create = await newRun('after-corrupt');
    await mkdir(spool.directory, { recursive: true });
    await writeFile(join(spool.directory, '0000000000-1-00000001-zzzzzz.seg'), '[{"op":"logBatch","runId":'); // torn
    await spool.write([create]);
    expect(await ingestSpool({ spool, store })).toEqual({ segments: 1, rejected: 0 });
    expect((await store.getRun({ runId: create.run.runId })).info.runName).toBe('after-corrupt');
    expect(await readdir(join(spool.directory, 'unreadable'))).toEqual(['0000000000-1-00000001-zzzzzz.seg']);
    expect(await segmentFiles()).toEqual([]);
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining('spool segment 0000000000-1-00000001-zzzzzz.seg could not be read'));
  });
});
