import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '@assay/core/test';
import { DuckDbStore } from './duckdb-store.js';

describeStoreContract('DuckDbStore on :memory:', async () => ({ store: await DuckDbStore.open({ path: ':memory:' }) }));

describe('DuckDbStore write semantics', () => {
  it('keeps as latest the point with the highest step, then timestamp, then value', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const run = await store.createRun({ experimentId: '0' });
    const runId = run.info.runId;
    await store.logBatch({ runId, metrics: [{ key: 'loss', value: 5, timestamp: 100, step: 3 }] });
    await store.logBatch({ runId, metrics: [{ key: 'loss', value: 9, timestamp: 900, step: 2 }] });
    expect((await store.getRun(runId)).data.metrics.loss).toBe(5);
    await store.logBatch({ runId, metrics: [{ key: 'loss', value: 4, timestamp: 101, step: 3 }] });
    expect((await store.getRun(runId)).data.metrics.loss).toBe(4);
    await store.logBatch({
      runId,
      metrics: [
        { key: 'loss', value: 1, timestamp: 101, step: 3 },
        { key: 'loss', value: 2, timestamp: 101, step: 3 },
      ],
    });
    expect((await store.getRun(runId)).data.metrics.loss).toBe(4);
    expect((await store.getMetricHistory(runId, 'loss')).map((point) => point.value)).toEqual([9, 5, 4, 1, 2]);
    await store.close();
  });

  it('applies a run created earlier in the same list, and ignores a replayed create', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const create = await store.prepareRun({ experimentId: '0', runName: 'replayed' });
    const runId = create.run.runId;
    await store.applyWrites([
      create,
      { op: 'logBatch', runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [{ key: 'p', value: 'x' }], tags: [] },
      { op: 'updateRun', runId, status: 'FINISHED', endTime: 5, runName: 'renamed' },
    ]);
    await store.applyWrites([create]);
    const run = await store.getRun(runId);
    expect(run.info).toMatchObject({ status: 'FINISHED', endTime: 5, runName: 'renamed' });
    expect(run.data).toMatchObject({ params: { p: 'x' }, metrics: { m: 1 } });
    expect(run.data.tags['mlflow.runName']).toBe('renamed');
    const count = await store.sql(`select count(*) as n from runs where run_id = '${runId}'`);
    expect(count.rows).toEqual([[1]]);
    await store.close();
  });

  it('reports invalid operations to onReject and applies the rest', async () => {
    const store = await DuckDbStore.open({ path: ':memory:' });
    const run = await store.createRun({ experimentId: '0' });
    await store.logBatch({ runId: run.info.runId, params: [{ key: 'model', value: 'a' }] });
    const rejected: string[] = [];
    await store.applyWrites(
      [
        { op: 'logBatch', runId: 'f'.repeat(32), metrics: [], params: [], tags: [{ key: 't', value: 'v' }] },
        { op: 'logBatch', runId: run.info.runId, metrics: [], params: [{ key: 'model', value: 'b' }], tags: [] },
        { op: 'logBatch', runId: run.info.runId, metrics: [{ key: 'ok', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] },
      ],
      { onReject: (_operation, reason) => rejected.push(reason.message) },
    );
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toContain('not found');
    expect(rejected[1]).toContain("key='model'");
    const stored = await store.getRun(run.info.runId);
    expect(stored.data.params).toEqual({ model: 'a' });
    expect(stored.data.metrics).toEqual({ ok: 1 });
    await store.close();
  });
});
