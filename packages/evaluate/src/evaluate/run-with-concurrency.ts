/**
 * Runs `work` for every index from 0 to `count - 1` with at most
 * `concurrency` at once, in index order of starting; `onDone` after each.
 */
export async function runWithConcurrency(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
  onDone?: () => void,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
      onDone?.();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
