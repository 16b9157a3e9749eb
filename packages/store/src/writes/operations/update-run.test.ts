import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFoundError, SYSTEM_TAGS } from '@assay/core';
import { storedRun, writeStateOf } from '../../__fixtures__/write-state.js';
import { applyUpdateRun } from './update-run.js';

const runId = 'a'.repeat(32);

describe('applyUpdateRun', () => {
  it('records the new status and end time; a new name also sets the run-name tag', () => {
    const run = storedRun({ summary: { tags: { [SYSTEM_TAGS.runName]: 'old' } } });
    const state = writeStateOf({ [runId]: run });
    applyUpdateRun(state, { op: 'updateRun', runId, status: 'FINISHED', endTime: 9 });
    expect(run).toMatchObject({ status: 'FINISHED', endTime: 9, dirty: false });
    expect(run.runName).toBeUndefined();
    applyUpdateRun(state, { op: 'updateRun', runId, runName: 'new' });
    expect(run).toMatchObject({ runName: 'new', dirty: true });
    expect(run.summary.tags[SYSTEM_TAGS.runName]).toBe('new');
    expect([...run.changedTags]).toEqual([SYSTEM_TAGS.runName]);
  });

  it('refuses an unknown run and a deleted one, changing nothing', () => {
    const run = storedRun({ lifecycleStage: 'deleted' });
    const state = writeStateOf({ [runId]: run });
    expect(() => applyUpdateRun(state, { op: 'updateRun', runId: 'b'.repeat(32), status: 'FAILED' })).toThrow(NotFoundError);
    expect(() => applyUpdateRun(state, { op: 'updateRun', runId, status: 'FAILED' })).toThrow(InvalidParameterError);
    expect(run.status).toBeUndefined();
  });
});
