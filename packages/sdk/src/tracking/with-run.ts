import { InvalidParameterError } from '@assay/core';
import type { AssayRuntime } from '../assay/assay-runtime.js';
import type { ActiveRun } from './run-handle.js';
import { beginRun, type StartRunOptions } from './start-run.js';

/** The callback `withRun` runs inside its run. */
export type WithRunCallback<T> = (run: ActiveRun) => Promise<T> | T;

/** Runs `callback` inside a new run active for the callback only, then ends it (see `Assay.withRun`). */
export function withRun<T>(runtime: AssayRuntime, options: StartRunOptions, callback: WithRunCallback<T>): Promise<T> {
  if (typeof callback !== 'function') {
    return Promise.reject(new InvalidParameterError('withRun needs a callback: withRun(options, async (run) => { ... }).'));
  }
  const frame = runtime.runContext.createFrame();
  return runtime.runContext.run(frame, async () => {
    const run = await beginRun(runtime, frame, options);
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

/** withRun's arguments: `(options, callback)` or `(callback)`. */
export function withRunArguments<T>(
  optionsOrCallback: StartRunOptions | WithRunCallback<T>,
  maybeCallback: WithRunCallback<T> | undefined,
): { options: StartRunOptions; callback: WithRunCallback<T> } {
  if (typeof optionsOrCallback === 'function') return { options: {}, callback: optionsOrCallback };
  return { options: optionsOrCallback ?? {}, callback: maybeCallback! };
}
