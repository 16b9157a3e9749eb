import type { DatasetSummary, Page, Store } from '@assay/core';
import { getStore } from '@assay/sdk';

/** Options of `listDatasets`. */
export interface ListDatasetsOptions {
  /** Page size; default 100, at most 1000. */
  maxResults?: number;
  /** Continues a previous listing from this token. */
  pageToken?: string;
  /** Default: the store of the current tracking URI (`getStore()`). */
  store?: Store;
}

/** The latest version of every dataset, by name, with how many versions each has. */
export async function listDatasets(options: ListDatasetsOptions = {}): Promise<Page<DatasetSummary>> {
  const { store: given, ...page } = options;
  const store = given ?? (await getStore());
  return store.listDatasets(page);
}
