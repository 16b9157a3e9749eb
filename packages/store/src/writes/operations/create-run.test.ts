import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, type CreateRunOperation } from '@assay/core';
import { storedRun, writeStateOf } from '../../__fixtures__/write-state.js';
import { applyCreateRun } from './create-run.js';

const runId = 'a'.repeat(32);

function create(experimentId = '0'): CreateRunOperation {
  return {
    op: 'createRun',
    run: {
      runId,
      experimentId,
      runName: 'new',
      userId: 'ana',
      startTime: 1,
      artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      tags: [{ key: 'mlflow.runName', value: 'new' }],
    },
  };
}

describe('applyCreateRun', () => {
  it('adds a new run with its tags in the summary, to be appended whole', () => {
    const state = writeStateOf();
    const operation = create();
    applyCreateRun(state, operation);
    const created = state.runs.get(runId)!;
    expect(created).toMatchObject({ experimentId: '0', lifecycleStage: 'active', created: operation.run, dirty: true });
    expect(created.summary).toEqual({ params: {}, tags: { 'mlflow.runName': 'new' }, metrics: {} });
    expect(state.newRuns).toEqual([created]);
  });

  it('treats a create of a stored run in the same experiment as an already applied replay', () => {
    const stored = storedRun({ summary: { params: { p: '1' } } });
    const state = writeStateOf({ [runId]: stored });
    applyCreateRun(state, create());
    expect(state.runs.get(runId)).toBe(stored);
    expect(stored.dirty).toBe(false);
    expect(state.newRuns).toEqual([]);
  });

  it('refuses a run id taken in another experiment, leaving the state as it was', () => {
    const state = writeStateOf({ [runId]: storedRun({ experimentId: '4' }) }, ['0', '4']);
    expect(() => applyCreateRun(state, create('0'))).toThrow(new ConflictError(`Run id '${runId}' already exists in experiment '4'.`));
    expect(state.runs.get(runId)!.experimentId).toBe('4');
    expect(state.newRuns).toEqual([]);
  });

  it('refuses an experiment that is unknown or deleted (not among the active ones)', () => {
    const state = writeStateOf({}, ['0']);
    expect(() => applyCreateRun(state, create('9'))).toThrow(NotFoundError);
    expect(() => applyCreateRun(state, create('9'))).toThrow("Experiment '9' does not exist or is deleted");
    expect(state.runs.size).toBe(0);
    expect(state.newRuns).toEqual([]);
  });
});
