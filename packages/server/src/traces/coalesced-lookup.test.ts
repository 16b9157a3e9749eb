import { describe, expect, it } from 'vitest';
import { CoalescedLookup } from './coalesced-lookup.js';

/** A read that answers only when told to, recording the keys of each call. */
function controlledRead() {
  const calls: string[][] = [];
  const answers: { resolve(found: Map<string, string>): void; reject(error: unknown): void }[] = [];
  const read = (keys: readonly string[]): Promise<Map<string, string>> => {
    calls.push([...keys]);
    return new Promise((resolve, reject) => answers.push({ resolve, reject }));
  };
  const answer = async (index: number, found: Record<string, string>): Promise<void> => {
    answers[index]!.resolve(new Map(Object.entries(found)));
    // Let the waiting callers and the next read start.
    for (let tick = 0; tick < 5; tick += 1) await Promise.resolve();
  };
  return { calls, answers, read, answer };
}

describe('CoalescedLookup', () => {
  it('reads at once when idle, and gathers the keys asked for meanwhile into one next read', async () => {
    const { calls, read, answer } = controlledRead();
    const lookup = new CoalescedLookup(read);
    const first = lookup.lookUp(['a', 'b']);
    expect(calls).toEqual([['a', 'b']]);
    const second = lookup.lookUp(['c', 'b']);
    const third = lookup.lookUp(['d']);
    expect(calls).toHaveLength(1);
    await answer(0, { a: 'x' });
    expect(await first).toEqual(new Map([['a', 'x']]));
    expect(calls).toEqual([['a', 'b'], ['c', 'b', 'd']]);
    await answer(1, { b: 'y', d: 'z' });
    expect(await second).toEqual(new Map([['b', 'y']]));
    expect(await third).toEqual(new Map([['d', 'z']]));
    // Idle again: the next look-up reads at once.
    void lookup.lookUp(['e']);
    expect(calls).toHaveLength(3);
  });

  it('rejects the callers of a failed read only, and goes on with the next', async () => {
    const { calls, answers, read, answer } = controlledRead();
    const lookup = new CoalescedLookup(read);
    const failed = lookup.lookUp(['a']);
    const next = lookup.lookUp(['b']);
    answers[0]!.reject(new Error('store busy'));
    await expect(failed).rejects.toThrow('store busy');
    await Promise.resolve();
    expect(calls).toEqual([['a'], ['b']]);
    await answer(1, { b: 'y' });
    expect(await next).toEqual(new Map([['b', 'y']]));
  });

  it('answers no keys without reading', async () => {
    const { calls, read } = controlledRead();
    expect(await new CoalescedLookup(read).lookUp([])).toEqual(new Map());
    expect(calls).toEqual([]);
  });
});
