import { describe, expect, it } from 'vitest';
import { canWriteSync } from './sync-writer.js';
import type { WriteOperation } from './write-operation.js';

describe('canWriteSync', () => {
  it('is true for an object with a writeSync method, which can then be called', () => {
    const written: WriteOperation[] = [];
    const store: unknown = { writeSync: (operations: readonly WriteOperation[]) => written.push(...operations) };
    expect(canWriteSync(store)).toBe(true);
    if (canWriteSync(store)) store.writeSync([{ op: 'deleteTag', runId: 'r', key: 'k' }]);
    expect(written).toEqual([{ op: 'deleteTag', runId: 'r', key: 'k' }]);
  });

  it.each([undefined, null, 'store', {}, { writeSync: true }])('is false for %j', (store) => {
    expect(canWriteSync(store)).toBe(false);
  });
});
