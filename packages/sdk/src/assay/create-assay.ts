import { Assay } from './assay.js';
import { AssayRuntime, type AssayOptions } from './assay-runtime.js';

/**
 * Makes an Assay client of its own: its tracking URI, default experiment,
 * active runs, buffered writes and tracing are separate from the default
 * instance's (which the module-level API uses) and from other instances'.
 * Several instances send to several stores from one process. Nothing is
 * opened until it is used; `dispose()` releases what it opened.
 *
 * @example
 * const staging = createAssay({ trackingUri: './staging-store' });
 * await staging.withRun({ runName: 'nightly' }, async (run) => run.logMetric('accuracy', 0.91));
 * await staging.dispose();
 */
export function createAssay(options: AssayOptions = {}): Assay {
  return new Assay(new AssayRuntime(options));
}
