import type { Store } from '@assay/core';
import { getStore } from '@assay/sdk';
import { Dataset } from './dataset.js';

export interface GetDatasetOptions {
  /** Default: the latest version. */
  version?: number;
  /** Default: the store of the current tracking URI (`getStore()`). */
  store?: Store;
}

/** One version of a dataset (the latest by default). Throws NotFoundError for an unknown name or version. */
export async function getDataset(name: string, options: GetDatasetOptions = {}): Promise<Dataset> {
  const store = options.store ?? (await getStore());
  return new Dataset(await store.getDataset({ name, version: options.version }), store);
}
