/**
 * Runs `work` on every item with at most `concurrency` in flight; results in
 * input order. Once `signal` is aborted no new item starts; the rest get
 * `onAborted(item)`.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  options: { signal?: AbortSignal; onAborted: (item: T) => R },
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index]!;
      results[index] = options.signal?.aborted ? options.onAborted(item) : await work(item);
    }
  };
  const workers = Math.max(1, Math.min(Number.isFinite(concurrency) ? Math.floor(concurrency) : 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
