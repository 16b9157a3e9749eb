import { describe, expect, it } from 'vitest';
import { NotFoundError } from '@assay/core';
import { storedRun, writeStateOf } from '../../__fixtures__/write-state.js';
import { applyDeleteTag } from './delete-tag.js';

const runId = 'a'.repeat(32);

describe('applyDeleteTag', () => {
  it('removes the tag from the summary and marks the key changed, so its row is deleted', () => {
    const run = storedRun({ summary: { tags: { team: 'ml', keep: 'x' } } });
    applyDeleteTag(writeStateOf({ [runId]: run }), { op: 'deleteTag', runId, key: 'team' });
    expect(run.summary.tags).toEqual({ keep: 'x' });
    expect([...run.changedTags]).toEqual(['team']);
    expect(run.dirty).toBe(true);
  });

  it('refuses an unknown run', () => {
    expect(() => applyDeleteTag(writeStateOf(), { op: 'deleteTag', runId, key: 'team' })).toThrow(NotFoundError);
  });
});
