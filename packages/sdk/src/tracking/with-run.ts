import { InvalidParameterError } from '@assay/core';
import { createFrame, runInFrame } from './active-run.js';
import type { ActiveRun } from './run-handle.js';
import { beginRun, type StartRunOptions } from './start-run.js';

/**
 * Runs `callback` inside a new run that is active for the callback (and
 * everything it awaits) only, then ends it: FINISHED when the callback
 * returns, FAILED when it throws, in which case the callback's error is
 * rethrown unchanged. Parallel `withRun`s each keep their own active run.
 * Resolves to the callback's result once the run's writes are durable.
 *
 * @example
 * const score = await withRun({ runName: 'eval', experimentName: 'qa-bot' }, async (run) => {
 *   run.logParam('model', 'gpt-4o-mini');
 *   const accuracy = await evaluateModel();
 *   logMetric('accuracy', accuracy); // the active run: `run`
 *   return accuracy;
 * });
 */
export function withRun<T>(options: StartRunOptions, callback: (run: ActiveRun) => Promise<T> | T): Promise<T>;
/** Runs `callback` inside a new run with default options (see the overload with options). */
export function withRun<T>(callback: (run: ActiveRun) => Promise<T> | T): Promise<T>;
export function withRun<T>(
  optionsOrCallback: StartRunOptions | ((run: ActiveRun) => Promise<T> | T),
  maybeCallback?: (run: ActiveRun) => Promise<T> | T,
): Promise<T> {
  const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
  const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
  if (typeof callback !== 'function') {
    return Promise.reject(new InvalidParameterError('withRun needs a callback: withRun(options, async (run) => { ... }).'));
  }
  const frame = createFrame();
  return runInFrame(frame, async () => {
    const run = await beginRun(frame, options);
    let result: T;
    try {
      result = await callback(run);
    } catch (error) {
      await run.end({ status: 'FAILED' }).catch((endError: unknown) => {
        console.warn(`[assay] could not end run ${run.id} after its callback failed: ${String(endError)}`);
      });
      throw error;
    }
    await run.end({ status: 'FINISHED' });
    return result;
  });
}
