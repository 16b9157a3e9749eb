import { describe, expect, it } from 'vitest';
import { CoalescedLookup } from './coalesced-lookup.js';

/** Lets the promises waiting on settled ones go on. */
async function settled(): Promise<void> {
  for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
}

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
    await settled();
  };
  return { calls, answers, read, answer };
}

describe('CoalescedLookup', () => {
  it('reads at once when idle, and gathers the keys asked for meanwhile into one next read', async () => {
    const { calls, read, answer } = controlledRead();
    const lookup = new CoalescedLookup(read);
    const first = lookup.lookUp(['a', 'b']);
    await settled();
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
    await settled();
    expect(calls).toHaveLength(3);
  });

  it('rejects the callers of a failed read only, and goes on with the next', async () => {
    const { calls, answers, read, answer } = controlledRead();
    const lookup = new CoalescedLookup(read);
    const failed = lookup.lookUp(['a']);
    await settled();
    const next = lookup.lookUp(['b']);
    answers[0]!.reject(new Error('store busy'));
    await expect(failed).rejects.toThrow('store busy');
    await settled();
    expect(calls).toEqual([['a'], ['b']]);
    await answer(1, { b: 'y' });
    expect(await next).toEqual(new Map([['b', 'y']]));
  });

  it('waits for settle before each read; keys asked for meanwhile go with it, and a failed settle does not stop it', async () => {
    const { calls, read, answer } = controlledRead();
    let release: () => void = () => undefined;
    let settles = 0;
    const lookup = new CoalescedLookup(read, () => {
      settles += 1;
      return settles === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.reject(new Error('a write failed'));
    });
    const first = lookup.lookUp(['a']);
    await settled();
    const second = lookup.lookUp(['b']);
    await settled();
    expect(calls).toEqual([]);
    release();
    await settled();
    expect(calls).toEqual([['a', 'b']]);
    await answer(0, { a: 'x', b: 'y' });
    expect([await first, await second]).toEqual([new Map([['a', 'x']]), new Map([['b', 'y']])]);
    const third = lookup.lookUp(['c']);
    await settled();
    expect(calls).toEqual([['a', 'b'], ['c']]);
    await answer(1, {});
    expect(await third).toEqual(new Map());
  });

  it('answers no keys without reading', async () => {
    const { calls, read } = controlledRead();
    expect(await new CoalescedLookup(read).lookUp([])).toEqual(new Map());
    expect(calls).toEqual([]);
  });
});
