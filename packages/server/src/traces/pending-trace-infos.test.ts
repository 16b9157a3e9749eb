import { describe, expect, it } from 'vitest';
import type { TraceInfo } from '@assay/core';
import { PendingTraceInfos } from './pending-trace-infos.js';

const info = (n: number): TraceInfo => ({ traceId: `tr-${n.toString(16).padStart(32, '0')}`, experimentId: '0', requestTime: n, state: 'OK', tags: {}, metadata: {}, assessments: [] });

describe('PendingTraceInfos', () => {
  it('holds at most maxEntries, dropping the oldest, and forgets an info after its time', () => {
    let now = 0;
    const pending = new PendingTraceInfos({ maxEntries: 2, ttlMs: 100, now: () => now });
    pending.set(info(1));
    pending.set(info(2));
    pending.set(info(3));
    expect(pending.get(info(1).traceId)).toBeUndefined();
    expect(pending.get(info(2).traceId)).toEqual(info(2));
    // Setting again renews an info's time and makes it the newest.
    now = 60;
    pending.set(info(2));
    now = 120;
    expect(pending.get(info(3).traceId)).toBeUndefined();
    expect(pending.get(info(2).traceId)).toEqual(info(2));
    pending.delete(info(2).traceId);
    expect(pending.get(info(2).traceId)).toBeUndefined();
  });
});
