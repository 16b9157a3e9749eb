import type { Store } from '@assay/core';
import { defaultAssay } from '../assay/default-assay.js';

/**
 * Sets where runs, metrics, artifacts and traces go for the rest of this
 * process: a store directory (relative paths resolve against the current
 * working directory now), a `file://` URI, or an Assay server URL. Overrides
 * `ASSAY_TRACKING_URI`. Runs already started keep writing where they began.
 *
 * @example setTrackingUri('./.assay')
 */
export function setTrackingUri(uri: string): void {
  defaultAssay().setTrackingUri(uri);
}

/**
 * The tracking URI in effect: the one given to `setTrackingUri`, else
 * `ASSAY_TRACKING_URI`, else `./.assay`; directory paths are returned
 * absolute (resolved against the working directory at first use).
 */
export function getTrackingUri(): string {
  return defaultAssay().getTrackingUri();
}

/**
 * The store of the current tracking URI, opened on first use and cached per
 * URI. Do not close it; `flush()` makes its writes durable.
 */
export function getStore(): Promise<Store> {
  return defaultAssay().getStore();
}

/**
 * Makes every buffered write of the default instance durable: the pending
 * params, metrics and tags of all runs go to their stores, queued spans are
 * exported, and the stores flush. Rejects with the first write error since
 * the last flush, if any.
 */
export function flush(): Promise<void> {
  return defaultAssay().flush();
}
