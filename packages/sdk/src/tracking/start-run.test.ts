import { describe, expect, it } from 'vitest';
import { AssayError, InvalidParameterError, SYSTEM_TAGS } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { EXPERIMENT_NAME_ENV, activeRun, createExperiment, endRun, getMetricHistory, getRun, logMetric, setExperiment, startRun } from '../index.js';

useTempTrackingUri();

describe('startRun', () => {
  it('makes the run active until end(), then the parent is active again', async () => {
    expect(activeRun()).toBeUndefined();
    const parent = await startRun({ runName: 'parent' });
    expect(activeRun()).toBe(parent);
    await expect(startRun()).rejects.toThrow(`Run with UUID ${parent.id} is already active`);
    const child = await startRun({ nested: true, runName: 'child', tags: { team: 'ml' }, description: 'a child' });
    expect(activeRun()).toBe(child);
    logMetric('depth', 2);
    await child.end();
    expect(activeRun()).toBe(parent);
    logMetric('depth', 1);
    await endRun();
    expect(activeRun()).toBeUndefined();
    await endRun(); // no active run: nothing to do

    const stored = await getRun(child.id);
    expect(stored.info.parentRunId).toBe(parent.id);
    expect(stored.data.tags).toMatchObject({ team: 'ml', [SYSTEM_TAGS.note]: 'a child', [SYSTEM_TAGS.parentRunId]: parent.id });
    expect(stored.data.metrics.depth).toBe(2);
    expect((await getRun(parent.id)).data.metrics.depth).toBe(1);
  });

  it('tasks that each call startRun side by side keep their own run', async () => {
    const train = async (task: number): Promise<string> => {
      const run = await startRun({ runName: `train-${task}` });
      for (let step = 0; step < 4; step += 1) {
        logMetric('task', task, { step });
        await new Promise((resolve) => setTimeout(resolve, ((task + step) % 3) + 1));
        expect(activeRun()).toBe(run);
      }
      const child = await startRun({ nested: true });
      expect(child.parentRunId).toBe(run.id);
      await child.end();
      await run.end();
      return run.id;
    };
    const ids = await Promise.all([train(0), train(1), train(2)]);
    for (const [task, id] of ids.entries()) {
      const run = await getRun(id);
      expect(run.info.parentRunId).toBeUndefined();
      expect(run.data.metrics.task).toBe(task);
      expect((await getMetricHistory(id, 'task')).map((point) => point.value)).toEqual([task, task, task, task]);
    }
    expect(activeRun()).toBeUndefined();
  });

  it('nested without an active run is an error; parentRunId is explicit', async () => {
    await expect(startRun({ nested: true })).rejects.toThrow(InvalidParameterError);
    const first = await startRun();
    await first.end();
    const second = await startRun({ parentRunId: first.id });
    expect(second.parentRunId).toBe(first.id);
    await second.end();
  });

  it('module-level logging without an active run says how to start one', () => {
    const call = () => logMetric('x', 1);
    expect(call).toThrow(AssayError);
    expect(call).toThrow(/startRun/);
  });

  it('resolves the experiment: id, then name (created), then setExperiment, then the environment, then Default', async () => {
    const explicitId = await createExperiment('explicit');
    const previous = process.env[EXPERIMENT_NAME_ENV];
    try {
      const inDefault = await startRun();
      expect(inDefault.experimentId).toBe('0');
      await inDefault.end();

      process.env[EXPERIMENT_NAME_ENV] = 'from-env';
      const fromEnvironment = await startRun();
      await fromEnvironment.end();
      const set = await setExperiment('chosen');
      const fromSet = await startRun();
      await fromSet.end();
      const byName = await startRun({ experimentName: 'by-name' });
      await byName.end();
      const byId = await startRun({ experimentId: explicitId, experimentName: 'ignored' });
      await byId.end();

      expect(fromEnvironment.experimentId).not.toBe('0');
      expect(fromSet.experimentId).toBe(set.experimentId);
      expect(byName.experimentId).not.toBe(set.experimentId);
      expect(byId.experimentId).toBe(explicitId);
    } finally {
      if (previous === undefined) delete process.env[EXPERIMENT_NAME_ENV];
      else process.env[EXPERIMENT_NAME_ENV] = previous;
    }
  });
});
