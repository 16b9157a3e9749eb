import { AssayError, type Store } from '@assay/core';
import { LocalStore } from '@assay/store';
import { getTrackingUri, parseTrackingUri } from '../config/tracking-uri.js';

// One store per canonical URI per process: LocalStore must not be opened
// twice for one directory, and a shared instance shares its lease.
const stores = new Map<string, Promise<Store>>();

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
  return LocalStore.open({ root: target.root });
}

/**
 * The process-wide store for the current tracking URI, opened on first use
 * and cached per URI. Do not close it; `flush()` makes its writes durable.
 */
export function getStore(): Promise<Store> {
  let uri: string;
  try {
    uri = getTrackingUri();
  } catch (error) {
    return Promise.reject(error as Error);
  }
  let store = stores.get(uri);
  if (!store) {
    store = openStore(uri);
    stores.set(uri, store);
    // A failed open is not cached: the next call tries again.
    store.catch(() => {
      if (stores.get(uri) === store) stores.delete(uri);
    });
  }
  return store;
}

/** Every store `getStore` has opened (for flush). */
export async function openedStores(): Promise<Store[]> {
  const settled = await Promise.allSettled(stores.values());
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/** Closes and forgets every cached store (tests only). */
export async function closeStores(): Promise<void> {
  const all = await openedStores();
  stores.clear();
  await Promise.all(all.map((store) => store.close()));
}
