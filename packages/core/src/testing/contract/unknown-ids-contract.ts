import { afterEach, describe, expect, it } from 'vitest';
import { generateRunId } from '../../ids.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useSharedStore, type CreateStore } from './store-fixture.js';

const UNKNOWN_EXPERIMENT_ID = '987654321';
const UNKNOWN_RUN_ID = generateRunId();
const T = 1_700_000_000_000;

/** Calls that name an experiment or run that does not exist, by operation. */
const CALLS: [string, (store: Store) => Promise<unknown>][] = [
  ['getExperiment', (store) => store.getExperiment({ experimentId: UNKNOWN_EXPERIMENT_ID })],
  ['renameExperiment', (store) => store.renameExperiment({ experimentId: UNKNOWN_EXPERIMENT_ID, newName: 'whatever' })],
  ['deleteExperiment', (store) => store.deleteExperiment({ experimentId: UNKNOWN_EXPERIMENT_ID })],
  ['restoreExperiment', (store) => store.restoreExperiment({ experimentId: UNKNOWN_EXPERIMENT_ID })],
  ['setExperimentTag', (store) => store.setExperimentTag({ experimentId: UNKNOWN_EXPERIMENT_ID, key: 'k', value: 'v' })],
  ['deleteExperimentTag', (store) => store.deleteExperimentTag({ experimentId: UNKNOWN_EXPERIMENT_ID, key: 'k' })],
  ['createRun', (store) => store.createRun({ experimentId: UNKNOWN_EXPERIMENT_ID })],
  ['getRun', (store) => store.getRun({ runId: UNKNOWN_RUN_ID })],
  ['updateRun', (store) => store.updateRun({ runId: UNKNOWN_RUN_ID, status: 'FINISHED', endTime: T })],
  ['deleteRun', (store) => store.deleteRun({ runId: UNKNOWN_RUN_ID })],
  ['restoreRun', (store) => store.restoreRun({ runId: UNKNOWN_RUN_ID })],
  ['logBatch', (store) => store.logBatch({ runId: UNKNOWN_RUN_ID, metrics: [{ key: 'acc', value: 1, timestamp: T, step: 0 }] })],
  ['deleteTag', (store) => store.deleteTag({ runId: UNKNOWN_RUN_ID, key: 'k' })],
  ['putArtifact', (store) => store.putArtifact({ runId: UNKNOWN_RUN_ID, path: 'x.txt', data: new Uint8Array([1]) })],
];

export function describeUnknownIdsContract(createStore: CreateStore): void {
  describe('unknown ids', () => {
    // Nothing here may change the store (each test checks that), so one store serves all.
    const context = useSharedStore(createStore);

    afterEach(async () => {
      const experiments = await context.store.searchExperiments({ viewType: 'ALL' });
      expect(experiments.items.map((experiment) => experiment.experimentId)).toEqual(['0']);
      expect((await context.store.searchRuns({ experimentIds: ['0'], viewType: 'ALL' })).runs).toEqual([]);
    });

    it.each(CALLS)('%s throws NotFoundError', async (_operation, call) => {
      await expectAssayError(() => call(context.store), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('getExperimentByName returns undefined for an unknown name', async () => {
      expect(await context.store.getExperimentByName({ name: 'no-such-experiment' })).toBeUndefined();
    });

    it('getMetricHistory of an unknown run is empty or NotFoundError', async () => {
      // MLflow answers [] here; a store that checks the run may refuse instead.
      try {
        expect(await context.store.getMetricHistory({ runId: UNKNOWN_RUN_ID, key: 'acc' })).toEqual([]);
      } catch (error) {
        await expectAssayError(() => Promise.reject(error), 'RESOURCE_DOES_NOT_EXIST');
      }
    });
  });
}
