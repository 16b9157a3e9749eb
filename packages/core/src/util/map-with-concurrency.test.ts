import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency.js';

/** A promise settled from outside, so tests decide when each item finishes. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('keeps at most `concurrency` calls in flight, starts items in order and returns results in input order', async () => {
    const gates = Array.from({ length: 6 }, () => deferred<void>());
    const started: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const running = mapWithConcurrency({
      items: ['a', 'b', 'c', 'd', 'e', 'f'],
      concurrency: 2,
      work: async (item, index) => {
        started.push(index);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await gates[index]!.promise;
        inFlight -= 1;
        return `${item}${index}`;
      },
    });
    await settle();
    expect(started).toEqual([0, 1]);
    // Finishing out of order frees a slot for the next item in line.
    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await expect(running).resolves.toEqual(['a0', 'b1', 'c2', 'd3', 'e4', 'f5']);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('reports each finished item through onSettled', async () => {
    const settled: number[] = [];
    await mapWithConcurrency({ items: [3, 1, 2], concurrency: 3, work: async (item) => item, onSettled: (index) => settled.push(index) });
    expect(settled.sort()).toEqual([0, 1, 2]);
  });

  it('reads the limit leniently: rounded down, at least one, Infinity for all at once', async () => {
    const peakFor = async (concurrency: number): Promise<number> => {
      let inFlight = 0;
      let peak = 0;
      await mapWithConcurrency({
        items: Array.from({ length: 8 }, (_, index) => index),
        concurrency,
        work: async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await settle();
          inFlight -= 1;
        },
      });
      return peak;
    };
    expect(await peakFor(2.9)).toBe(2);
    expect(await peakFor(0)).toBe(1);
    expect(await peakFor(Number.NaN)).toBe(1);
    expect(await peakFor(Number.POSITIVE_INFINITY)).toBe(8);
    await expect(mapWithConcurrency({ items: [], concurrency: 4, work: async () => 1 })).resolves.toEqual([]);
  });

  it('after an abort starts nothing new and gives the remaining items onAborted', async () => {
    const controller = new AbortController();
    const first = deferred<string>();
    const running = mapWithConcurrency({
      items: [0, 1, 2, 3],
      concurrency: 1,
      signal: controller.signal,
      work: (item) => (item === 0 ? first.promise : Promise.resolve(`done ${item}`)),
      onAborted: (item, index) => `skipped ${item} at ${index}`,
    });
    controller.abort();
    first.resolve('done 0');
    await expect(running).resolves.toEqual(['done 0', 'skipped 1 at 1', 'skipped 2 at 2', 'skipped 3 at 3']);
  });

  it('without onAborted, an abort rejects with the reason once the calls in flight are done', async () => {
    const controller = new AbortController();
    const first = deferred<number>();
    const starts: number[] = [];
    let finished = false;
    const running = mapWithConcurrency({
      items: [0, 1, 2],
      concurrency: 1,
      signal: controller.signal,
      work: async (item) => {
        starts.push(item);
        const value = await first.promise;
        finished = true;
        return value;
      },
    });
    const outcome = running.catch((error: unknown) => ({ rejected: error, finishedFirst: finished }));
    controller.abort(new Error('cancelled'));
    first.resolve(0);
    expect(await outcome).toEqual({ rejected: new Error('cancelled'), finishedFirst: true });
    expect(starts).toEqual([0]);
  });

  it('a failing call stops new items and rejects with its error after the calls in flight finish', async () => {
    const slow = deferred<string>();
    const starts: number[] = [];
    let slowFinished = false;
    const running = mapWithConcurrency({
      items: [0, 1, 2, 3, 4],
      concurrency: 2,
      work: async (item) => {
        starts.push(item);
        if (item === 0) {
          const value = await slow.promise;
          slowFinished = true;
          return value;
        }
        throw new Error(`item ${item} failed`);
      },
    });
    const outcome = running.catch((error: unknown) => ({ rejected: error, slowFinished }));
    await settle();
    slow.resolve('slow');
    expect(await outcome).toEqual({ rejected: new Error('item 1 failed'), slowFinished: true });
    expect(starts).toEqual([0, 1]);
  });
});
