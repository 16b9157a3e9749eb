import { resetTrackingUri } from '../config/tracking-uri.js';
import { closeStores } from '../store/get-store.js';
import { forgetActiveRuns } from '../tracking/active-run.js';
import { resetActiveExperiment } from '../tracking/experiments.js';
import { openRuns } from '../tracking/open-runs.js';
import { resetTracingForTests } from '../tracing/tracer-provider.js';
import { writeBuffer } from '../tracking/write-buffer.js';

/**
 * Returns the SDK's process state to a fresh start: buffered writes are
 * dropped, no run is active or open, the tracking URI and experiment are
 * unset, tracing starts over with a new provider, and cached stores are closed. For tests; not part of the public API.
 */
export async function resetForTests(): Promise<void> {
  await resetTracingForTests();
  writeBuffer.reset();
  openRuns.clear();
  forgetActiveRuns();
  resetActiveExperiment();
  resetTrackingUri();
  await closeStores();
}
