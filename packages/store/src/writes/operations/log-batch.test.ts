import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidParameterError, NotFoundError, type LogBatchOperation } from '@assay/core';
import { storedRun, writeStateOf } from '../../__fixtures__/write-state.js';
import { applyLogBatch } from './log-batch.js';

const runId = 'a'.repeat(32);

function batch(parts: Partial<Omit<LogBatchOperation, 'op' | 'runId'>>, id = runId): LogBatchOperation {
  return { op: 'logBatch', runId: id, metrics: [], params: [], tags: [], ...parts };
}

describe('applyLogBatch', () => {
  it('adds new params, tags and later metric points to the summary and remembers the batch', () => {
    const run = storedRun({ summary: { params: { old: 'x' }, metrics: { loss: [0.5, 3, 100] } } });
    const state = writeStateOf({ [runId]: run });
    const operation = batch({
      params: [
        { key: 'old', value: 'x' },
        { key: 'lr', value: '0.1' },
      ],
      tags: [{ key: 'team', value: 'ml' }],
      metrics: [
        { key: 'loss', value: 0.9, timestamp: 999, step: 2 }, // an earlier step: not the latest
        { key: 'acc', value: 0.7, timestamp: 5, step: 0 },
      ],
    });
    applyLogBatch(state, operation);
    expect(run.summary).toEqual({ params: { old: 'x', lr: '0.1' }, tags: { team: 'ml' }, metrics: { loss: [0.5, 3, 100], acc: [0.7, 0, 5] } });
    expect(state.newParams).toEqual([[runId, 'lr', '0.1']]);
    expect([...run.changedTags]).toEqual(['team']);
    expect([...run.changedLatest]).toEqual(['acc']);
    expect(run.dirty).toBe(true);
    expect(state.acceptedBatches).toEqual([operation]);
  });

  it('leaves an empty batch accepted but the run clean', () => {
    const run = storedRun();
    const state = writeStateOf({ [runId]: run });
    applyLogBatch(state, batch({}));
    expect(run.dirty).toBe(false);
    expect(state.acceptedBatches).toHaveLength(1);
  });

  it('refuses a changed param before changing anything, even params and tags listed before it', () => {
    const run = storedRun({ summary: { params: { model: 'a' } } });
    const state = writeStateOf({ [runId]: run });
    const call = (): void =>
      applyLogBatch(
        state,
        batch({
          params: [
            { key: 'fresh', value: '1' },
            { key: 'model', value: 'b' },
          ],
          tags: [{ key: 't', value: 'v' }],
          metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
        }),
      );
    expect(call).toThrow(ConflictError);
    expect(call).toThrow(
      `Changing param values is not allowed. Param with key='model' was already logged with value='a' for run ID='${runId}'. Attempted logging new value 'b'.`,
    );
    expect(run).toEqual(storedRun({ summary: { params: { model: 'a' } } }));
    expect(state.newParams).toEqual([]);
    expect(state.acceptedBatches).toEqual([]);
  });

  it('refuses an unknown run and a deleted one', () => {
    const state = writeStateOf({ [runId]: storedRun({ lifecycleStage: 'deleted' }) });
    expect(() => applyLogBatch(state, batch({}, 'b'.repeat(32)))).toThrow(NotFoundError);
    expect(() => applyLogBatch(state, batch({}))).toThrow(InvalidParameterError);
    expect(() => applyLogBatch(state, batch({}))).toThrow('is deleted; restore it (restoreRun) before logging to it.');
    expect(state.acceptedBatches).toEqual([]);
  });
});
