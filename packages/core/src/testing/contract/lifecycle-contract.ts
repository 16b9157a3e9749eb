import { describe, expect, it } from 'vitest';
import { useFreshStore, type CreateStore } from './store-fixture.js';

export function describeLifecycleContract(createStore: CreateStore): void {
  describe('flush and close', () => {
    const context = useFreshStore(createStore);

    it('flush keeps every acknowledged write readable', async () => {
      const experimentId = await context.store.createExperiment({ name: 'flushed' });
      const run = await context.store.createRun({ experimentId, runName: 'flushed-run' });
      await context.store.logBatch({ runId: run.info.runId, params: [{ key: 'k', value: 'v' }] });
      await context.store.flush();
      expect((await context.store.getRun({ runId: run.info.runId })).data.params).toEqual({ k: 'v' });
      expect((await context.store.getExperimentByName({ name: 'flushed' }))?.experimentId).toBe(experimentId);
    });

    it('flush on an idle store resolves', async () => {
      await context.store.flush();
      await context.store.flush();
      expect((await context.store.getExperiment({ experimentId: '0' })).name).toBe('Default');
    });

    it('flush then close resolve', async () => {
      await context.store.createExperiment({ name: 'closing' });
      await context.store.flush();
      context.markClosed();
      await context.store.close();
    });
  });

  describe('concurrency', () => {
    const context = useFreshStore(createStore);

    it('concurrent writes to one run all land', async () => {
      const run = await context.store.createRun({ experimentId: '0', runName: 'busy' });
      const runId = run.info.runId;
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          context.store.logBatch({
            runId,
            metrics: [{ key: 'm', value: index, timestamp: 1_700_000_000_000 + index, step: index }],
            params: [{ key: `p${index}`, value: String(index) }],
          }),
        ),
      );
      const history = await context.store.getMetricHistory({ runId, key: 'm' });
      expect(history.map((metric) => metric.step)).toEqual(Array.from({ length: 12 }, (_, index) => index));
      const { data } = await context.store.getRun({ runId });
      expect(Object.keys(data.params)).toHaveLength(12);
      expect(data.metrics['m']).toBe(11);
    });

    it('concurrent experiment creations get distinct ids', async () => {
      const ids = await Promise.all(
        Array.from({ length: 10 }, (_, index) => context.store.createExperiment({ name: `parallel-${index}` })),
      );
      expect(new Set(ids).size).toBe(10);
      for (const [index, experimentId] of ids.entries()) {
        expect((await context.store.getExperiment({ experimentId })).name).toBe(`parallel-${index}`);
      }
    });
  });
}
