import { describe, expect, it } from 'vitest';
import { NotFoundError, type LogSpansOperation } from '@assay/core';
import { writeStateOf } from '../../__fixtures__/write-state.js';
import { applyLogSpans } from './log-spans.js';

describe('applyLogSpans', () => {
  it('accepts spans into an active experiment and refuses others', () => {
    const state = writeStateOf({}, ['0', '3']);
    const accepted: LogSpansOperation = { op: 'logSpans', experimentId: '3', spans: [] };
    applyLogSpans(state, accepted);
    expect(state.acceptedSpans).toEqual([accepted]);
    expect(() => applyLogSpans(state, { op: 'logSpans', experimentId: '7', spans: [] })).toThrow(NotFoundError);
    expect(() => applyLogSpans(state, { op: 'logSpans', experimentId: '7', spans: [] })).toThrow(
      "Experiment '7' does not exist or is deleted; create or restore it before logging traces to it.",
    );
    expect(state.acceptedSpans).toEqual([accepted]);
  });
});
