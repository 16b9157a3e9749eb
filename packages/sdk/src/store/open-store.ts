import type { Store } from '@assay/core';
import { parseTrackingUri } from '../config/tracking-uri.js';

/**
 * Opens the store a tracking URI names: a directory path or `file://` URI
 * opens the embedded local store there (created if missing), reached through
 * the `assay server` that serves it while one does (see DirectoryStore); a server URL
 * (`http(s)://host:port`) opens an HttpStore for that server, with the
 * `Authorization` of `trackingAuthHeaders()` (ASSAY_TRACKING_TOKEN, or
 * ASSAY_TRACKING_USERNAME and ASSAY_TRACKING_PASSWORD). The caller owns the
 * store and closes it; `getStore` is the shared, cached alternative.
 */
export async function openStore(uri: string): Promise<Store> {
  const target = parseTrackingUri(uri);
  if (target.kind === 'http') {
    // Loaded when first used: it needs neither DuckDB nor the local store.
    const { HttpStore } = await import('../http/http-store.js');
    return HttpStore.open({ url: target.url });
  }
  // The local store's own entry (loaded only when no server serves the
  // directory) leaves DuckDB's native module (120-150 ms to load) to its
  // worker thread, and only a process that opens one starts that.
  const { DirectoryStore } = await import('./directory-store.js');
  return DirectoryStore.open({ root: target.root });
}
