import { AssayError, type Store } from '@assay/core';
import { parseTrackingUri } from '../config/tracking-uri.js';

/**
 * Opens the store a tracking URI names: a directory path or `file://` URI
 * opens the embedded local store there (created if missing). Server URLs
 * (`http(s)://`) are not supported yet. The caller owns the store and
 * closes it; `getStore` is the shared, cached alternative.
 */
export async function openStore(uri: string): Promise<Store> {
  const target = parseTrackingUri(uri);
  if (target.kind === 'http') {
    throw new AssayError(
      'NOT_IMPLEMENTED',
      `Tracking to a server (${target.url}) is not supported yet: the HTTP client arrives together with \`assay server\`. ` +
        "Use a local store directory for now, e.g. setTrackingUri('./.assay').",
    );
  }
  // The local store's own entry: it leaves DuckDB's native module (120-150 ms
  // to load) to its worker thread, and only a process that opens one starts that.
  const { LocalStore } = await import('@assay/store/local');
  return LocalStore.open({ root: target.root });
}
