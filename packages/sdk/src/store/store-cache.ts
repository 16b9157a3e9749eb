import type { Store } from '@assay/core';
import { openStore } from './open-store.js';

/**
 * The stores one Assay instance opened, one per canonical tracking URI
 * (a local store must not be opened twice for one directory, and a shared
 * instance shares its lease). A failed open is not kept: the next call tries
 * again.
 */
export class StoreCache {
  private readonly stores = new Map<string, Promise<Store>>();

  /** The store of `uri`, opened on first use. */
  get(uri: string): Promise<Store> {
    let store = this.stores.get(uri);
    if (!store) {
      store = openStore(uri);
      this.stores.set(uri, store);
      store.catch(() => {
        if (this.stores.get(uri) === store) this.stores.delete(uri);
      });
    }
    return store;
  }

  /** Every store opened so far. */
  async opened(): Promise<Store[]> {
    const settled = await Promise.allSettled(this.stores.values());
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  /** Closes and forgets every store. */
  async closeAll(): Promise<void> {
    const all = await this.opened();
    this.stores.clear();
    await Promise.all(all.map((store) => store.close()));
  }
}
