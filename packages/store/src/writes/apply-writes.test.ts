import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, type CreateRunOperation, type WriteOperation } from '@assay/core';
import { testSpan } from '@assay/core/test';
import { DuckDbStore } from '../duckdb-store.js';

describe('applyWrites on DuckDB', () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await DuckDbStore.open({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  const rows = async (query: string): Promise<unknown[][]> => (await store.sql({ query })).rows;
  /** What the key/value tables hold for a run, to compare with the summary getRun reads. */
  const tables = async (runId: string) => ({
    params: await rows(`SELECT key, value FROM params WHERE run_id = '${runId}' ORDER BY key`),
    tags: await rows(`SELECT key, value FROM tags WHERE run_id = '${runId}' ORDER BY key`),
    latest: await rows(`SELECT key, value, step FROM latest_metrics WHERE run_id = '${runId}' ORDER BY key`),
    history: await rows(`SELECT key, value, step FROM metrics WHERE run_id = '${runId}' ORDER BY key, step, value`),
  });
  const newRun = (runName: string): Promise<CreateRunOperation> => store.prepareRun({ experimentId: '0', runName });

  it('writes nothing at all when one operation of the list is refused and nobody takes rejections', async () => {
    const stored = await store.createRun({ experimentId: '0' });
    const runId = stored.info.runId;
    await store.logBatch({ runId, params: [{ key: 'model', value: 'a' }] });
    const before = await tables(runId);
    const create = await newRun('never');
    const error = await store
      .applyWrites([
        create,
        { op: 'logBatch', runId: create.run.runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] },
        { op: 'logBatch', runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [], tags: [{ key: 't', value: 'v' }] },
        { op: 'logBatch', runId, metrics: [], params: [{ key: 'model', value: 'b' }], tags: [] },
      ])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect(await rows(`SELECT count(*) FROM runs WHERE run_id = '${create.run.runId}'`)).toEqual([[0]]);
    expect(await tables(runId)).toEqual(before);
  });

  it('skips a refused operation whole and applies the rest, telling onReject which operation and why', async () => {
    const stored = await store.createRun({ experimentId: '0' });
    const runId = stored.info.runId;
    await store.logBatch({ runId, params: [{ key: 'model', value: 'a' }] });
    const conflicting: WriteOperation = {
      op: 'logBatch',
      runId,
      metrics: [{ key: 'skipped', value: 1, timestamp: 1, step: 0 }],
      params: [{ key: 'model', value: 'b' }],
      tags: [{ key: 'skipped', value: 'x' }],
    };
    const unknown: WriteOperation = { op: 'deleteTag', runId: 'f'.repeat(32), key: 'k' };
    const rejected: [WriteOperation, string][] = [];
    await store.applyWrites(
      [conflicting, unknown, { op: 'logBatch', runId, metrics: [{ key: 'kept', value: 2, timestamp: 1, step: 0 }], params: [], tags: [] }],
      { onReject: (operation, reason) => rejected.push([operation, reason.message]) },
    );
    expect(rejected.map(([operation]) => operation)).toEqual([conflicting, unknown]);
    expect(rejected[0]![0]).toBe(conflicting);
    expect(rejected[1]![1]).toBe(`Run '${'f'.repeat(32)}' not found. Check the run id, or create the run first.`);
    expect(await tables(runId)).toMatchObject({
      params: [['model', 'a']],
      latest: [['kept', 2, 0]],
      history: [['kept', 2, 0]],
    });
    expect((await tables(runId)).tags.map(([key]) => key)).not.toContain('skipped');
  });

  it('applies a create replayed in the same list or a later one once', async () => {
    const create = await newRun('replayed');
    await store.applyWrites([create, { op: 'updateRun', runId: create.run.runId, status: 'FINISHED' }, create]);
    await store.applyWrites([create]);
    expect(await rows(`SELECT status, run_name FROM runs WHERE run_id = '${create.run.runId}'`)).toEqual([['FINISHED', 'replayed']]);
  });

  it('refuses a run id taken in another experiment and runs in a deleted experiment', async () => {
    const other = await store.createExperiment({ name: 'other' });
    const gone = await store.createExperiment({ name: 'gone' });
    await store.deleteExperiment({ experimentId: gone });
    const create = await newRun('first');
    await store.applyWrites([create]);
    const reasons: string[] = [];
    const intoGone = await store.prepareRun({ experimentId: '0' });
    await store.applyWrites(
      [
        { op: 'createRun', run: { ...create.run, experimentId: other } },
        { op: 'createRun', run: { ...intoGone.run, experimentId: gone } },
        { op: 'logSpans', experimentId: gone, spans: [] },
      ],
      { onReject: (_operation, reason) => reasons.push(reason.message) },
    );
    expect(reasons).toEqual([
      `Run id '${create.run.runId}' already exists in experiment '0'.`,
      `Experiment '${gone}' does not exist or is deleted; create or restore it before starting runs in it.`,
      `Experiment '${gone}' does not exist or is deleted; create or restore it before logging traces to it.`,
    ]);
    expect(await rows(`SELECT experiment_id FROM runs WHERE run_id IN ('${create.run.runId}', '${intoGone.run.runId}')`)).toEqual([['0']]);
  });

  it('refuses every run write to a deleted run', async () => {
    const stored = await store.createRun({ experimentId: '0', tags: { keep: 'x' } });
    const runId = stored.info.runId;
    await store.deleteRun({ runId });
    const before = await tables(runId);
    const reasons: string[] = [];
    await store.applyWrites(
      [
        { op: 'logBatch', runId, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] },
        { op: 'updateRun', runId, status: 'FAILED' },
        { op: 'deleteTag', runId, key: 'keep' },
        { op: 'logEvaluationRows', runId, rows: [{ rowIndex: 0, inputs: {}, metrics: {} }] },
      ],
      { onReject: (_operation, reason) => reasons.push(reason.message) },
    );
    expect(reasons).toEqual(Array(4).fill(`Run '${runId}' is deleted; restore it (restoreRun) before logging to it.`));
    expect(await tables(runId)).toEqual(before);
    expect(await rows(`SELECT status FROM runs WHERE run_id = '${runId}'`)).toEqual([['RUNNING']]);
    expect(await rows(`SELECT count(*) FROM evaluation_rows WHERE run_id = '${runId}'`)).toEqual([[0]]);
  });

  it('keeps the tags and latest_metrics tables in step with the run summary', async () => {
    const create = await newRun('kept-in-step');
    const runId = create.run.runId;
    await store.applyWrites([
      create,
      { op: 'logBatch', runId, metrics: [{ key: 'loss', value: 3, timestamp: 1, step: 1 }], params: [{ key: 'p', value: '1' }], tags: [{ key: 'a', value: '1' }] },
    ]);
    await store.applyWrites([
      { op: 'deleteTag', runId, key: 'a' },
      {
        op: 'logBatch',
        runId,
        metrics: [
          { key: 'loss', value: 2, timestamp: 2, step: 2 },
          { key: 'loss', value: 9, timestamp: 3, step: 0 },
          { key: 'acc', value: 0.5, timestamp: 2, step: 0 },
        ],
        params: [{ key: 'p', value: '1' }],
        tags: [{ key: 'b', value: '2' }],
      },
      { op: 'updateRun', runId, runName: 'renamed', endTime: 7 },
    ]);
    const run = await store.getRun({ runId });
    const stored = await tables(runId);
    expect(Object.fromEntries(stored.tags)).toEqual(run.data.tags);
    expect(run.data.tags).toEqual({ b: '2', 'mlflow.runName': 'renamed' });
    expect(stored.latest).toEqual([
      ['acc', 0.5, 0],
      ['loss', 2, 2],
    ]);
    expect(run.data.metrics).toEqual({ acc: 0.5, loss: 2 });
    expect(stored.params).toEqual([['p', '1']]);
    expect(stored.history).toHaveLength(4);
    expect(run.info).toMatchObject({ runName: 'renamed', endTime: 7, status: 'RUNNING' });
  });

  it('stores spans spooled with their experiment\'s name in that experiment, creating it when missing, and refuses a deleted one', async () => {
    const existing = await store.createExperiment({ name: 'existing' });
    const deleted = await store.createExperiment({ name: 'gone' });
    await store.deleteExperiment({ experimentId: deleted });
    const spooled = (name: string, id: string): WriteOperation => ({
      op: 'logSpans',
      experimentId: '',
      experimentName: name,
      spans: [testSpan(id, { traceId: `tr-${id.padStart(32, '0')}` })],
    });
    const rejected: string[] = [];
    await store.applyWrites([spooled('existing', '1'), spooled('new one', '2'), spooled('gone', '3'), spooled('new one', '4')], {
      onReject: (operation, reason) => rejected.push(`${(operation as { experimentName?: string }).experimentName}: ${reason.message}`),
    });
    expect(rejected).toEqual(["gone: Experiment 'gone' is deleted; restore it to keep the traces spooled for it."]);
    const created = await store.getExperimentByName({ name: 'new one' });
    expect(created?.lifecycleStage).toBe('active');
    expect(await rows('SELECT trace_id, experiment_id FROM traces ORDER BY trace_id')).toEqual([
      [`tr-${'1'.padStart(32, '0')}`, existing],
      [`tr-${'2'.padStart(32, '0')}`, created!.experimentId],
      [`tr-${'4'.padStart(32, '0')}`, created!.experimentId],
    ]);
  });
});
