/** Options of `mapWithConcurrency`. */
export interface MapWithConcurrencyOptions<T, R> {
  /** The items; they start in this order. */
  items: readonly T[];
  /** At most this many `work` calls in flight: rounded down, at least 1, `Infinity` for all at once. */
  concurrency: number;
  /** Does one item; its result goes to the item's position. */
  work: (item: T, index: number) => Promise<R>;
  /** Called after each item's `work` has resolved (e.g. to advance a progress bar). */
  onSettled?: (index: number) => void;
  /** Once aborted, no further item starts. */
  signal?: AbortSignal;
  /**
   * The result of an item that did not start because `signal` was aborted.
   * Without it an abort makes the call reject with the signal's reason (after
   * the items in flight have finished).
   */
  onAborted?: (item: T, index: number) => R;
}

/**
 * Runs `work` on every item with at most `concurrency` calls in flight and
 * resolves to the results in input order. When a `work` call throws, no
 * further item starts and the call rejects with that error once the items in
 * flight have finished (so nothing keeps running behind a rejected promise).
 */
export async function mapWithConcurrency<T, R>(options: MapWithConcurrencyOptions<T, R>): Promise<R[]> {
  const { items, work, onSettled, signal, onAborted } = options;
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const index = next;
      next += 1;
      const item = items[index]!;
      if (signal?.aborted) {
        if (onAborted === undefined) return;
        results[index] = onAborted(item, index);
        continue;
      }
      try {
        results[index] = await work(item, index);
      } catch (error) {
        failure ??= { error };
        return;
      }
      onSettled?.(index);
    }
  };
  const limit = Number.isNaN(options.concurrency) ? 1 : Math.floor(options.concurrency);
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  if (signal?.aborted && onAborted === undefined) throw signal.reason;
  return results;
}
