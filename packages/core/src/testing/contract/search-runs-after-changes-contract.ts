import { describe, expect, it } from 'vitest';
import type { Run } from '../../entities/run.js';
import type { SearchRunsInput } from '../../store/run-store.js';
import { T } from './search-runs-seed.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

function namesOf(runs: readonly Run[]): string[] {
  return runs.map((run) => run.info.runName);
}

/** searchRuns after runs change: deletes, renames, new metrics, tags and statuses are seen by the next search. */
export function describeSearchRunsAfterChangesContract(createStore: CreateStore): void {
  describe('searchRuns after changes', () => {
    // These tests write, so each gets its own store with just the runs it needs.
    const fresh = useFreshStore(createStore);

    async function createRuns(experimentId: string, names: readonly string[]): Promise<Record<string, string>> {
      const ids: Record<string, string> = {};
      for (const [index, runName] of names.entries()) {
        ids[runName] = (await fresh.store.createRun({ experimentId, runName, startTime: T + index * 1000 })).info.runId;
      }
      return ids;
    }

    async function names(input: SearchRunsInput): Promise<string[]> {
      return namesOf((await fresh.store.searchRuns(input)).runs);
    }

    it('DELETED_ONLY returns only deleted runs, ALL returns both', async () => {
      const experimentId = await fresh.store.createExperiment({ name: 'view-types' });
      const ids = await createRuns(experimentId, ['one', 'two', 'three']);
      await fresh.store.deleteRun({ runId: ids['two']! });
      expect(await names({ experimentIds: [experimentId], viewType: 'DELETED_ONLY' })).toEqual(['two']);
      expect(await names({ experimentIds: [experimentId], viewType: 'ACTIVE_ONLY' })).toEqual(['three', 'one']);
      expect(await names({ experimentIds: [experimentId] })).toEqual(['three', 'one']);
      expect(await names({ experimentIds: [experimentId], viewType: 'ALL' })).toEqual(['three', 'two', 'one']);
    });

    it('searches several experiments at once', async () => {
      const firstId = await fresh.store.createExperiment({ name: 'first' });
      const secondId = await fresh.store.createExperiment({ name: 'second' });
      const thirdId = await fresh.store.createExperiment({ name: 'third' });
      const first = await createRuns(firstId, ['a1', 'a2']);
      await fresh.store.createRun({ experimentId: secondId, runName: 'b1', startTime: T + 1500 });
      await fresh.store.createRun({ experimentId: thirdId, runName: 'c1', startTime: T + 1200 });
      await fresh.store.logBatch({ runId: first['a1']!, metrics: [{ key: 'acc', value: 0.9, timestamp: T, step: 0 }] });
      expect(await names({ experimentIds: [firstId, secondId] })).toEqual(['b1', 'a2', 'a1']);
      expect(await names({ experimentIds: [secondId] })).toEqual(['b1']);
      expect(await names({ experimentIds: [secondId, firstId], filter: 'metrics.acc > 0.5' })).toEqual(['a1']);
    });

    it('search results show the latest metric value after more logging', async () => {
      const experimentId = await fresh.store.createExperiment({ name: 'latest' });
      const ids = await createRuns(experimentId, ['climber', 'steady']);
      await fresh.store.logBatch({ runId: ids['climber']!, metrics: [{ key: 'acc', value: 0.5, timestamp: T, step: 0 }] });
      await fresh.store.logBatch({ runId: ids['steady']!, metrics: [{ key: 'acc', value: 0.8, timestamp: T, step: 0 }] });
      expect(await names({ experimentIds: [experimentId], filter: 'metrics.acc > 0.9' })).toEqual([]);
      await fresh.store.logBatch({ runId: ids['climber']!, metrics: [{ key: 'acc', value: 0.95, timestamp: T + 1, step: 1 }] });
      const result = await fresh.store.searchRuns({ experimentIds: [experimentId], filter: 'metrics.acc > 0.9' });
      expect(namesOf(result.runs)).toEqual(['climber']);
      expect(result.runs[0]?.data.metrics['acc']).toBe(0.95);
      expect(await names({ experimentIds: [experimentId], orderBy: ['metrics.acc DESC'] })).toEqual(['climber', 'steady']);
    });

    it('a renamed run is found by its new name only', async () => {
      const experimentId = await fresh.store.createExperiment({ name: 'renames' });
      const ids = await createRuns(experimentId, ['beta', 'other']);
      await fresh.store.updateRun({ runId: ids['beta']!, runName: 'beta-2' });
      expect(await names({ experimentIds: [experimentId], filter: "attributes.run_name = 'beta-2'" })).toEqual(['beta-2']);
      expect(await names({ experimentIds: [experimentId], filter: "attributes.run_name = 'beta'" })).toEqual([]);
    });

    it('a deleted tag no longer matches', async () => {
      const experimentId = await fresh.store.createExperiment({ name: 'tags' });
      const ids = await createRuns(experimentId, ['kept', 'untagged']);
      for (const runId of Object.values(ids)) {
        await fresh.store.logBatch({ runId, tags: [{ key: 'team', value: 'ml' }] });
      }
      await fresh.store.deleteTag({ runId: ids['untagged']!, key: 'team' });
      expect(await names({ experimentIds: [experimentId], filter: "tags.team = 'ml'" })).toEqual(['kept']);
    });

    it('a finished run is found by its new status', async () => {
      const experimentId = await fresh.store.createExperiment({ name: 'statuses' });
      const ids = await createRuns(experimentId, ['done', 'busy']);
      await fresh.store.updateRun({ runId: ids['done']!, status: 'FINISHED', endTime: T + 10_000 });
      expect(await names({ experimentIds: [experimentId], filter: "attributes.status = 'FINISHED'" })).toEqual(['done']);
      expect(await names({ experimentIds: [experimentId], filter: "attributes.status = 'RUNNING'" })).toEqual(['busy']);
    });
  });
}
