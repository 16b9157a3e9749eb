import { AssayError, isRegistryStore, type RegistryStore, type Store } from '@assay/core';
import { parseTrackingUri } from '../config/tracking-uri.js';

/**
 * The store, when it implements the model registry; otherwise an AssayError
 * (NOT_IMPLEMENTED) saying which tracking URIs serve the registry.
 */
export function requireRegistryStore<S extends Store>(store: S, trackingUri: string | undefined): S & RegistryStore {
  if (isRegistryStore(store)) return store;
  const where = trackingUri === undefined ? 'The configured store' : `The store of tracking URI '${trackingUri}'`;
  let kind: 'local' | 'http' | undefined;
  try {
    kind = trackingUri === undefined ? undefined : parseTrackingUri(trackingUri).kind;
  } catch {
    kind = undefined;
  }
  const why =
    kind === 'http'
      ? "the HTTP client of this @assay/sdk version cannot reach a server's model registry yet"
      : 'it does not implement the model registry';
  throw new AssayError(
    'NOT_IMPLEMENTED',
    `${where} cannot be used for the model registry: ${why}. ` +
      "The registry works with a local store directory: set the tracking URI (setTrackingUri, ASSAY_TRACKING_URI or --tracking-uri) to a path such as './.assay' or a file:// URI.",
  );
}
