import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../entities/metric.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, useSharedStore, type CreateStore } from './store-fixture.js';

const T = 1_700_000_000_000;

async function createTestRun(store: Store): Promise<string> {
  const experimentId = await store.createExperiment({ name: 'log-batch' });
  const run = await store.createRun({ experimentId, runName: 'logged' });
  return run.info.runId;
}

function point(key: string, value: number, timestamp: number, step: number): Metric {
  return { key, value, timestamp, step };
}

/** Only the fields of Metric, so extra fields a transport may add do not matter. */
function plain(metrics: readonly Metric[]): Metric[] {
  return metrics.map(({ key, value, timestamp, step }) => ({ key, value, timestamp, step }));
}

export function describeLogBatchContract(createStore: CreateStore): void {
  describe('logBatch', () => {
    const context = useFreshStore(createStore);

    it('logs metrics, params and tags that getRun returns', async () => {
      const runId = await createTestRun(context.store);
      await context.store.logBatch({
        runId,
        metrics: [point('acc', 0.75, T, 0), point('loss', 1.25, T, 0)],
        params: [
          { key: 'model', value: 'gpt-4o' },
          { key: 'temperature', value: '0.2' },
        ],
        tags: [{ key: 'team', value: 'ml' }],
      });
      const run = await context.store.getRun({ runId });
      expect(run.data.metrics).toEqual({ acc: 0.75, loss: 1.25 });
      expect(run.data.params).toEqual({ model: 'gpt-4o', temperature: '0.2' });
      expect(run.data.tags).toMatchObject({ team: 'ml' });
    });

    it('an empty batch is accepted and changes nothing', async () => {
      const runId = await createTestRun(context.store);
      await context.store.logBatch({ runId });
      await context.store.logBatch({ runId, metrics: [], params: [], tags: [] });
      const run = await context.store.getRun({ runId });
      expect(run.data.metrics).toEqual({});
      expect(run.data.params).toEqual({});
    });

    it('round-trips NaN, Infinity and -Infinity metric values', async () => {
      const runId = await createTestRun(context.store);
      await context.store.logBatch({
        runId,
        metrics: [point('nan', Number.NaN, T, 0), point('inf', Infinity, T, 0), point('neg_inf', -Infinity, T, 0)],
      });
      const { metrics } = (await context.store.getRun({ runId })).data;
      expect(Object.is(metrics['nan'], Number.NaN)).toBe(true);
      expect(Object.is(metrics['inf'], Infinity)).toBe(true);
      expect(Object.is(metrics['neg_inf'], -Infinity)).toBe(true);
      const [nan] = await context.store.getMetricHistory({ runId, key: 'nan' });
      const [inf] = await context.store.getMetricHistory({ runId, key: 'inf' });
      const [negInf] = await context.store.getMetricHistory({ runId, key: 'neg_inf' });
      expect(Object.is(nan?.value, Number.NaN)).toBe(true);
      expect(Object.is(inf?.value, Infinity)).toBe(true);
      expect(Object.is(negInf?.value, -Infinity)).toBe(true);
    });

    it('round-trips ordinary, tiny and huge doubles exactly', async () => {
      const runId = await createTestRun(context.store);
      const values = [0.1 + 0.2, 1e-300, 1.7976931348623157e308, -123456.789, 0];
      await context.store.logBatch({ runId, metrics: values.map((value, step) => point('exact', value, T, step)) });
      const history = await context.store.getMetricHistory({ runId, key: 'exact' });
      expect(history.map((metric) => metric.value)).toEqual(values);
    });

    describe('latest metric value', () => {
      it('data.metrics holds the value at the highest step, whatever the logging order', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({
          runId,
          metrics: [point('loss', 5, T + 100, 0), point('loss', 3, T + 50, 2), point('loss', 4, T + 60, 2), point('loss', 9, T + 999, 1)],
        });
        expect((await context.store.getRun({ runId })).data.metrics['loss']).toBe(4);
      });

      it('a later batch with a lower step does not replace the latest value', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, metrics: [point('loss', 4, T, 5)] });
        await context.store.logBatch({ runId, metrics: [point('loss', 1, T + 10_000, 1)] });
        expect((await context.store.getRun({ runId })).data.metrics['loss']).toBe(4);
        await context.store.logBatch({ runId, metrics: [point('loss', 7, T - 10_000, 6)] });
        expect((await context.store.getRun({ runId })).data.metrics['loss']).toBe(7);
      });

      it('on equal steps the latest timestamp wins', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, metrics: [point('acc', 0.9, T + 200, 3), point('acc', 0.1, T + 100, 3)] });
        await context.store.logBatch({ runId, metrics: [point('acc', 0.5, T + 150, 3)] });
        expect((await context.store.getRun({ runId })).data.metrics['acc']).toBe(0.9);
      });

      it('on equal step and timestamp the largest value wins', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, metrics: [point('acc', 1, T, 5), point('acc', 2, T, 5), point('acc', 1.5, T, 5)] });
        await context.store.logBatch({ runId, metrics: [point('acc', 0.5, T, 5)] });
        expect((await context.store.getRun({ runId })).data.metrics['acc']).toBe(2);
      });
    });

    describe('getMetricHistory', () => {
      it('returns every point ordered by step, then timestamp', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({
          runId,
          metrics: [point('loss', 1, T + 300, 2), point('loss', 2, T + 100, 0), point('loss', 3, T + 200, 1), point('other', 42, T, 0)],
        });
        await context.store.logBatch({ runId, metrics: [point('loss', 4, T + 150, 2), point('loss', 5, T + 50, 1)] });
        expect(plain(await context.store.getMetricHistory({ runId, key: 'loss' }))).toEqual([
          point('loss', 2, T + 100, 0),
          point('loss', 5, T + 50, 1),
          point('loss', 3, T + 200, 1),
          point('loss', 4, T + 150, 2),
          point('loss', 1, T + 300, 2),
        ]);
      });

      it('keeps large steps and negative steps', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, metrics: [point('m', 1, T, 2 ** 40), point('m', 2, T, -3)] });
        expect(plain(await context.store.getMetricHistory({ runId, key: 'm' }))).toEqual([point('m', 2, T, -3), point('m', 1, T, 2 ** 40)]);
      });

      it('returns [] for a key that was never logged', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, metrics: [point('acc', 1, T, 0)] });
        expect(await context.store.getMetricHistory({ runId, key: 'never-logged' })).toEqual([]);
      });
    });

    describe('params', () => {
      it('logging the same value again is accepted', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, params: [{ key: 'model', value: 'gpt-4o' }] });
        await context.store.logBatch({
          runId,
          params: [
            { key: 'model', value: 'gpt-4o' },
            { key: 'model', value: 'gpt-4o' },
          ],
        });
        expect((await context.store.getRun({ runId })).data.params).toEqual({ model: 'gpt-4o' });
      });

      it('a different value is rejected, naming the key and both values', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, params: [{ key: 'model', value: 'gpt-4o' }] });
        await expectAssayError(
          () => context.store.logBatch({ runId, params: [{ key: 'model', value: 'claude-3' }] }),
          'INVALID_PARAMETER_VALUE',
          'model',
          'gpt-4o',
          'claude-3',
        );
        expect((await context.store.getRun({ runId })).data.params).toEqual({ model: 'gpt-4o' });
      });

      it('a conflicting param rejects the whole batch, metrics and tags included', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, params: [{ key: 'model', value: 'gpt-4o' }] });
        await expectAssayError(
          () =>
            context.store.logBatch({
              runId,
              metrics: [point('acc', 0.5, T, 0)],
              params: [
                { key: 'fresh', value: 'new' },
                { key: 'model', value: 'claude-3' },
              ],
              tags: [{ key: 'batch', value: 'rejected' }],
            }),
          'INVALID_PARAMETER_VALUE',
        );
        const run = await context.store.getRun({ runId });
        expect(run.data.params).toEqual({ model: 'gpt-4o' });
        expect(run.data.metrics).toEqual({});
        expect(run.data.tags['batch']).toBeUndefined();
        expect(await context.store.getMetricHistory({ runId, key: 'acc' })).toEqual([]);
      });

      it('one key with two values in one batch is rejected', async () => {
        const runId = await createTestRun(context.store);
        await expectAssayError(
          () =>
            context.store.logBatch({
              runId,
              params: [
                { key: 'lr', value: '0.1' },
                { key: 'lr', value: '0.2' },
              ],
            }),
          'INVALID_PARAMETER_VALUE',
          'lr',
        );
        expect((await context.store.getRun({ runId })).data.params).toEqual({});
      });

      it('a value of 6000 characters is accepted', async () => {
        const runId = await createTestRun(context.store);
        const value = 'x'.repeat(6000);
        await context.store.logBatch({ runId, params: [{ key: 'prompt', value }] });
        expect((await context.store.getRun({ runId })).data.params['prompt']).toBe(value);
      });

      it('a value of 6001 characters is rejected, mentioning the limit of 6000', async () => {
        const runId = await createTestRun(context.store);
        await expectAssayError(
          () => context.store.logBatch({ runId, params: [{ key: 'prompt', value: 'x'.repeat(6001) }] }),
          'INVALID_PARAMETER_VALUE',
          '6000',
        );
        expect((await context.store.getRun({ runId })).data.params).toEqual({});
      });
    });

    describe('tags', () => {
      it('a tag logged again is overwritten', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({ runId, tags: [{ key: 'stage', value: 'dev' }] });
        await context.store.logBatch({ runId, tags: [{ key: 'stage', value: 'prod' }] });
        expect((await context.store.getRun({ runId })).data.tags['stage']).toBe('prod');
      });

      it('deleteTag removes the tag and keeps the others', async () => {
        const runId = await createTestRun(context.store);
        await context.store.logBatch({
          runId,
          tags: [
            { key: 'stage', value: 'dev' },
            { key: 'team', value: 'ml' },
          ],
        });
        await context.store.deleteTag({ runId, key: 'stage' });
        const { tags } = (await context.store.getRun({ runId })).data;
        expect(tags['stage']).toBeUndefined();
        expect('stage' in tags).toBe(false);
        expect(tags['team']).toBe('ml');
      });
    });

    it('accepts keys with spaces, dots, dashes, colons and slashes', async () => {
      const runId = await createTestRun(context.store);
      const key = 'eval/rouge-1 f1:mean.v2';
      await context.store.logBatch({ runId, metrics: [point(key, 0.5, T, 0)], params: [{ key, value: 'p' }] });
      const run = await context.store.getRun({ runId });
      expect(run.data.metrics[key]).toBe(0.5);
      expect(run.data.params[key]).toBe('p');
    });
  });

  describe('logBatch validation', () => {
    // Every batch here is rejected, so one store and one run serve all tests; each checks nothing was written.
    const context = useSharedStore(createStore);
    let runId: string;

    beforeAll(async () => {
      runId = await createTestRun(context.store);
    });

    afterEach(async () => {
      if (runId === undefined) return;
      const run = await context.store.getRun({ runId });
      expect(run.data.metrics).toEqual({});
      expect(run.data.params).toEqual({});
      expect(run.data.tags['rejected']).toBeUndefined();
    });

    it.each(['a/../b', 'bad!key', '/leading', 'trailing/'])('rejects the metric key %j, naming it', async (key) => {
      await expectAssayError(() => context.store.logBatch({ runId, metrics: [point(key, 1, T, 0)] }), 'INVALID_PARAMETER_VALUE', key);
    });

    it('rejects an invalid param key, naming it', async () => {
      await expectAssayError(
        () => context.store.logBatch({ runId, params: [{ key: 'bad!key', value: 'x' }] }),
        'INVALID_PARAMETER_VALUE',
        'bad!key',
      );
    });

    it('rejects an invalid tag key, naming it', async () => {
      await expectAssayError(
        () => context.store.logBatch({ runId, tags: [{ key: 'a/../b', value: 'x' }] }),
        'INVALID_PARAMETER_VALUE',
        'a/../b',
      );
    });

    it('an invalid entry rejects the whole batch', async () => {
      await expectAssayError(
        () =>
          context.store.logBatch({
            runId,
            metrics: [point('good', 1, T, 0), point('bad!key', 1, T, 0)],
            params: [{ key: 'ok', value: 'yes' }],
            tags: [{ key: 'rejected', value: 'yes' }],
          }),
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('rejects a non-integer step', async () => {
      await expectAssayError(() => context.store.logBatch({ runId, metrics: [point('acc', 1, T, 1.5)] }), 'INVALID_PARAMETER_VALUE');
    });

    it('rejects a negative timestamp', async () => {
      await expectAssayError(() => context.store.logBatch({ runId, metrics: [point('acc', 1, -1, 0)] }), 'INVALID_PARAMETER_VALUE');
    });

    it('rejects a run tag value over 8000 characters', async () => {
      await expectAssayError(
        () => context.store.logBatch({ runId, tags: [{ key: 'rejected', value: 'x'.repeat(8001) }] }),
        'INVALID_PARAMETER_VALUE',
        '8000',
      );
    });
  });
}
