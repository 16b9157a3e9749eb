import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AssayError, SYSTEM_TAGS } from '@assay/core';
import { useTempTrackingUri } from '../__fixtures__/temp-tracking-uri.js';
import { activeRun, getMetricHistory, getRun, logJson, logMetric, logParam, logText, setTag, withRun } from '../index.js';

useTempTrackingUri();

describe('withRun', () => {
  it('ends the run FINISHED and returns the callback result', async () => {
    let id = '';
    const result = await withRun({ runName: 'ok' }, async (run) => {
      id = run.id;
      expect(activeRun()).toBe(run);
      logParam('model', 'gpt-4o');
      await sleep(1);
      logMetric('score', 0.5);
      await logText('module-level', 'notes/fluent.txt');
      await logJson({ ok: true }, 'fluent.json');
      expect((await run.listArtifacts()).map((file) => file.path)).toEqual(['fluent.json', 'notes']);
      return 42;
    });
    expect(result).toBe(42);
    expect(activeRun()).toBeUndefined();
    const run = await getRun(id);
    expect(run.info).toMatchObject({ runName: 'ok', status: 'FINISHED' });
    expect(run.data).toMatchObject({ params: { model: 'gpt-4o' }, metrics: { score: 0.5 } });
  });

  it('ends the run FAILED and rethrows the callback error unchanged', async () => {
    const failure = new Error('model timed out');
    let id = '';
    await expect(
      withRun(async (run) => {
        id = run.id;
        setTag('stage', 'generate');
        await sleep(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    const run = await getRun(id);
    expect(run.info.status).toBe('FAILED');
    expect(run.data.tags.stage).toBe('generate');
  });

  it('nests runs: the child records its parent, and the parent is active again after it', async () => {
    await withRun({ runName: 'parent', experimentName: 'nesting' }, async (parent) => {
      const childId = await withRun({ runName: 'child', nested: true }, async (child) => {
        expect(activeRun()).toBe(child);
        expect(child.parentRunId).toBe(parent.id);
        expect(child.experimentId).toBe(parent.experimentId); // a nested run goes to its parent's experiment
        return child.id;
      });
      expect(activeRun()).toBe(parent);
      const child = await getRun(childId);
      expect(child.info.parentRunId).toBe(parent.id);
      expect(child.data.tags[SYSTEM_TAGS.parentRunId]).toBe(parent.id);
    });
  });

  it('refuses a second non-nested run in the same context, like MLflow', async () => {
    await withRun(async (outer) => {
      const error: unknown = await withRun(async () => undefined).catch((reason: unknown) => reason);
      expect(AssayError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `Run with UUID ${outer.id} is already active. To start a nested run, call startRun with nested: true, or end the active run first.`,
      );
    });
  });

  it('keeps one active run per concurrent task, and module-level logging goes to it', async () => {
    const tasks = [0, 1, 2, 3].map((task) =>
      withRun({ runName: `task-${task}` }, async (run) => {
        for (let step = 0; step < 6; step += 1) {
          logMetric('task', task, { step });
          await sleep(((task + step) % 3) + 1); // interleave the tasks
          expect(activeRun()?.id).toBe(run.id);
        }
        return run.id;
      }),
    );
    const ids = await Promise.all(tasks);
    expect(new Set(ids).size).toBe(4);
    for (const [task, id] of ids.entries()) {
      const history = await getMetricHistory(id, 'task');
      expect(history.map((point) => point.value)).toEqual([task, task, task, task, task, task]);
      expect((await getRun(id)).info.status).toBe('FINISHED');
    }
  });
});
