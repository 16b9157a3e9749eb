import { openedStores } from './store/get-store.js';
import { writeBuffer } from './tracking/write-buffer.js';
import { flushTracing } from './tracing/flush-tracing.js';

/**
 * Makes every buffered write of this process durable: the pending params,
 * metrics and tags of all runs go to their stores, and the stores flush.
 * Rejects with the first write error since the last flush, if any.
 */
export async function flush(): Promise<void> {
  let failure: { error: unknown } | undefined;
  try {
    await writeBuffer.flush();
  } catch (error) {
    failure = { error };
  }
  await flushTracing();
  await Promise.all((await openedStores()).map((store) => store.flush()));
  if (failure) throw failure.error;
}
