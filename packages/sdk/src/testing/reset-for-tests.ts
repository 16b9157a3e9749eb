import type { AssayOptions } from '../assay/assay-runtime.js';
import { resetDefaultAssay } from '../assay/default-assay.js';

/**
 * Returns the module-level API to a fresh start: the default instance is
 * disposed (its queued spans exported, buffered writes written, stores
 * closed), so no run is active or open and the tracking URI and experiment
 * are unset; the next call makes a new default instance, with `options`.
 * For tests; not part of the public API.
 */
export function resetForTests(options?: AssayOptions): Promise<void> {
  return resetDefaultAssay(options);
}
