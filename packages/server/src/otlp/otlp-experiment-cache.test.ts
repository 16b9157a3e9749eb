import { describe, expect, it } from 'vitest';
import { NotFoundError, type Experiment, type Store } from '@assay/core';
import { OtlpExperimentCache } from './otlp-experiment-cache.js';

const experiment = (experimentId: string, name: string): Experiment => ({
  experimentId,
  name,
  artifactLocation: `/artifacts/${experimentId}`,
  lifecycleStage: 'active',
  creationTime: 0,
  lastUpdateTime: 0,
  tags: {},
});

/** A store with some experiments that counts its reads. */
function countingStore(experiments: Experiment[]) {
  const reads: string[] = [];
  const store = {
    getExperiment: async ({ experimentId }: { experimentId: string }) => {
      reads.push(`id:${experimentId}`);
      const found = experiments.find((candidate) => candidate.experimentId === experimentId);
      if (found === undefined) throw new NotFoundError(`No experiment ${experimentId}.`);
      return found;
    },
    getExperimentByName: async ({ name }: { name: string }) => {
      reads.push(`name:${name}`);
      return experiments.find((candidate) => candidate.name === name);
    },
  } as unknown as Store;
  return { store, reads };
}

describe('OtlpExperimentCache', () => {
  it('reads an experiment once while it is fresh, by id and by name, and again once it is older than the max age', async () => {
    const { store, reads } = countingStore([experiment('1', 'bot')]);
    let now = 0;
    const cache = new OtlpExperimentCache(store, 2000, () => now);
    await Promise.all([cache.getExperiment('1'), cache.getExperiment('1')]);
    expect((await cache.getExperimentByName('bot'))?.experimentId).toBe('1');
    now = 1999;
    await cache.getExperiment('1');
    await cache.getExperimentByName('bot');
    expect(reads).toEqual(['id:1', 'name:bot']);
    now = 2000;
    await cache.getExperiment('1');
    await cache.getExperimentByName('bot');
    expect(reads).toEqual(['id:1', 'name:bot', 'id:1', 'name:bot']);
  });

  it('reads again after forget, after a failed read, and for a name that did not exist', async () => {
    const experiments = [experiment('1', 'bot')];
    const { store, reads } = countingStore(experiments);
    const cache = new OtlpExperimentCache(store, 60_000, () => 0);
    await cache.getExperiment('1');
    cache.forget();
    await cache.getExperiment('1');
    await expect(cache.getExperiment('2')).rejects.toThrow(NotFoundError);
    experiments.push(experiment('2', 'new'));
    expect((await cache.getExperiment('2')).name).toBe('new');
    expect(await cache.getExperimentByName('later')).toBeUndefined();
    experiments.push(experiment('3', 'later'));
    expect((await cache.getExperimentByName('later'))?.experimentId).toBe('3');
    expect(reads).toEqual(['id:1', 'id:1', 'id:2', 'id:2', 'name:later', 'name:later']);
  });
});
