import { describe, expect, it } from 'vitest';
import { generateRunId } from '../../ids.js';
import type { SearchRunsInput } from '../../store/run-store.js';
import type { Store } from '../../store/store.js';
import { expectAssayError } from './expect-assay-error.js';
import { useFreshStore, type CreateStore } from './store-fixture.js';

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

const RUN_ID = /^[0-9a-f]{32}$/u;
const START_TIME = 1_700_000_000_000;

async function searchRunIds(store: Store, input: SearchRunsInput): Promise<string[]> {
  const result = await store.searchRuns(input);
  return result.runs.map((run) => run.info.runId).sort();
}

export function describeRunsContract(createStore: CreateStore): void {
  describe('runs', () => {
    const context = useFreshStore(createStore);

    it('createRun returns a RUNNING, active run with the given name and start time', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const run = await context.store.createRun({ experimentId, runName: 'first-run', startTime: START_TIME });
      expect(run.info.runId).toMatch(RUN_ID);
      expect(run.info.runName).toBe('first-run');
      expect(run.info.experimentId).toBe(experimentId);
      expect(run.info.status).toBe('RUNNING');
      expect(run.info.startTime).toBe(START_TIME);
      expect(run.info.endTime).toBeUndefined();
      expect(run.info.lifecycleStage).toBe('active');
      expect(typeof run.info.artifactUri).toBe('string');
      expect(run.info.artifactUri.length).toBeGreaterThan(0);
      expect(run.info.parentRunId).toBeUndefined();
      expect(run.data.params).toEqual({});
      expect(run.data.metrics).toEqual({});
    });

    it('getRun returns the created run', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const created = await context.store.createRun({
        experimentId,
        runName: 'fetched',
        startTime: START_TIME,
        userId: 'alice',
        tags: { team: 'ml' },
      });
      const fetched = await context.store.getRun({ runId: created.info.runId });
      expect(fetched.info).toEqual(created.info);
      expect(fetched.info.userId).toBe('alice');
      expect(fetched.data.tags).toMatchObject({ team: 'ml' });
      expect(fetched.data.tags).toEqual(created.data.tags);
    });

    it('createRun keeps the tags it is given', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const run = await context.store.createRun({ experimentId, tags: { team: 'ml', 'note.kind': 'smoke' } });
      expect(run.data.tags).toMatchObject({ team: 'ml', 'note.kind': 'smoke' });
    });

    it('createRun starts the run now when no start time is given', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const before = Date.now();
      const run = await context.store.createRun({ experimentId, runName: 'now' });
      const after = Date.now();
      expect(run.info.startTime).toBeGreaterThanOrEqual(before);
      expect(run.info.startTime).toBeLessThanOrEqual(after);
    });

    it('createRun generates a non-empty run name when none is given', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const run = await context.store.createRun({ experimentId });
      expect(typeof run.info.runName).toBe('string');
      expect(run.info.runName.trim().length).toBeGreaterThan(0);
      expect((await context.store.getRun({ runId: run.info.runId })).info.runName).toBe(run.info.runName);
    });

    it('createRun uses a caller-given run id', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const runId = generateRunId();
      const run = await context.store.createRun({ experimentId, runId, runName: 'chosen-id' });
      expect(run.info.runId).toBe(runId);
      expect((await context.store.getRun({ runId })).info.runName).toBe('chosen-id');
    });

    it('creating a run id twice never makes two runs', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const runId = generateRunId();
      await context.store.createRun({ experimentId, runId, runName: 'replayed' });
      // A replay may succeed (idempotent) or fail; either way there is still one run.
      await context.store.createRun({ experimentId, runId, runName: 'replayed' }).catch(() => undefined);
      expect(await searchRunIds(context.store, { experimentIds: [experimentId], viewType: 'ALL' })).toEqual([runId]);
    });

    it('gives every run its own id and artifact location', async () => {
      const experimentId = await context.store.createExperiment({ name: 'runs' });
      const first = await context.store.createRun({ experimentId });
      const second = await context.store.createRun({ experimentId });
      expect(second.info.runId).not.toBe(first.info.runId);
      expect(second.info.artifactUri).not.toBe(first.info.artifactUri);
    });

    it('createRun in the Default experiment works', async () => {
      const run = await context.store.createRun({ experimentId: '0', runName: 'default-run' });
      expect(run.info.experimentId).toBe('0');
      expect(await searchRunIds(context.store, { experimentIds: ['0'] })).toEqual([run.info.runId]);
    });

    it('createRun in a deleted experiment throws NotFoundError', async () => {
      const experimentId = await context.store.createExperiment({ name: 'gone' });
      await context.store.deleteExperiment({ experimentId });
      await expectAssayError(() => context.store.createRun({ experimentId }), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('parentRunId round-trips as info.parentRunId and the mlflow.parentRunId tag', async () => {
      const experimentId = await context.store.createExperiment({ name: 'nested' });
      const parent = await context.store.createRun({ experimentId, runName: 'parent' });
      const child = await context.store.createRun({ experimentId, runName: 'child', parentRunId: parent.info.runId });
      expect(child.info.parentRunId).toBe(parent.info.runId);
      const fetched = await context.store.getRun({ runId: child.info.runId });
      expect(fetched.info.parentRunId).toBe(parent.info.runId);
      expect(fetched.data.tags['mlflow.parentRunId']).toBe(parent.info.runId);
      expect((await context.store.getRun({ runId: parent.info.runId })).data.tags['mlflow.parentRunId']).toBeUndefined();
    });

    describe('updateRun', () => {
      it('sets status FINISHED and the end time', async () => {
        const experimentId = await context.store.createExperiment({ name: 'runs' });
        const run = await context.store.createRun({ experimentId, runName: 'ending', startTime: START_TIME });
        const info = await context.store.updateRun({ runId: run.info.runId, status: 'FINISHED', endTime: START_TIME + 5_000 });
        expect(info.runId).toBe(run.info.runId);
        expect(info.status).toBe('FINISHED');
        expect(info.endTime).toBe(START_TIME + 5_000);
        expect(info.startTime).toBe(START_TIME);
        expect(info.runName).toBe('ending');
        const fetched = await context.store.getRun({ runId: run.info.runId });
        expect(fetched.info).toEqual(info);
      });

      it('renames a run', async () => {
        const experimentId = await context.store.createExperiment({ name: 'runs' });
        const run = await context.store.createRun({ experimentId, runName: 'before' });
        const info = await context.store.updateRun({ runId: run.info.runId, runName: 'after' });
        expect(info.runName).toBe('after');
        expect(info.status).toBe('RUNNING');
        expect((await context.store.getRun({ runId: run.info.runId })).info.runName).toBe('after');
      });
    });

    describe('delete and restore', () => {
      it('deleteRun marks the run deleted and restoreRun makes it active again', async () => {
        const experimentId = await context.store.createExperiment({ name: 'runs' });
        const run = await context.store.createRun({ experimentId });
        await context.store.deleteRun({ runId: run.info.runId });
        expect((await context.store.getRun({ runId: run.info.runId })).info.lifecycleStage).toBe('deleted');
        expect(await searchRunIds(context.store, { experimentIds: [experimentId] })).toEqual([]);
        expect(await searchRunIds(context.store, { experimentIds: [experimentId], viewType: 'DELETED_ONLY' })).toEqual([
          run.info.runId,
        ]);
        await context.store.restoreRun({ runId: run.info.runId });
        expect((await context.store.getRun({ runId: run.info.runId })).info.lifecycleStage).toBe('active');
        expect(await searchRunIds(context.store, { experimentIds: [experimentId] })).toEqual([run.info.runId]);
      });

      it('deleteExperiment deletes its runs and restoreExperiment restores them', async () => {
        const experimentId = await context.store.createExperiment({ name: 'cascade' });
        const first = await context.store.createRun({ experimentId });
        const second = await context.store.createRun({ experimentId });
        const otherExperimentId = await context.store.createExperiment({ name: 'bystander' });
        const bystander = await context.store.createRun({ experimentId: otherExperimentId });

        await context.store.deleteExperiment({ experimentId });
        expect((await context.store.getRun({ runId: first.info.runId })).info.lifecycleStage).toBe('deleted');
        expect((await context.store.getRun({ runId: second.info.runId })).info.lifecycleStage).toBe('deleted');
        expect((await context.store.getRun({ runId: bystander.info.runId })).info.lifecycleStage).toBe('active');
        expect(await searchRunIds(context.store, { experimentIds: [experimentId] })).toEqual([]);
        expect(await searchRunIds(context.store, { experimentIds: [experimentId], viewType: 'DELETED_ONLY' })).toEqual(
          [first.info.runId, second.info.runId].sort(),
        );

        await context.store.restoreExperiment({ experimentId });
        expect((await context.store.getRun({ runId: first.info.runId })).info.lifecycleStage).toBe('active');
        expect((await context.store.getRun({ runId: second.info.runId })).info.lifecycleStage).toBe('active');
        expect(await searchRunIds(context.store, { experimentIds: [experimentId] })).toEqual(
          [first.info.runId, second.info.runId].sort(),
        );
      });

      it('restoreExperiment leaves runs deleted on their own before the experiment deleted', async () => {
        const experimentId = await context.store.createExperiment({ name: 'cascade' });
        const kept = await context.store.createRun({ experimentId, runName: 'kept' });
        const discarded = await context.store.createRun({ experimentId, runName: 'discarded' });
        await context.store.deleteRun({ runId: discarded.info.runId });
        // Stores may tell the two deletions apart by time (MLflow does); keep them in different milliseconds.
        await delay(5);
        await context.store.deleteExperiment({ experimentId });
        await context.store.restoreExperiment({ experimentId });
        expect((await context.store.getRun({ runId: kept.info.runId })).info.lifecycleStage).toBe('active');
        expect((await context.store.getRun({ runId: discarded.info.runId })).info.lifecycleStage).toBe('deleted');
      });
    });
  });
}
