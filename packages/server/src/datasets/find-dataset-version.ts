import { NotFoundError, type DatasetStore } from '@assay/core';

/** Options of findDatasetVersion. */
export interface FindDatasetVersionOptions {
  store: Pick<DatasetStore, 'getDataset'>;
  /** The dataset's name. */
  name: string;
  /** Its digest as the client gives it: Assay's full SHA-256, or a prefix of at least 8 characters. */
  digest: string;
}

/**
 * The version of a stored dataset that has a digest, newest first. MLflow
 * identifies the datasets a run used by name and digest; Assay records
 * inputs by name and version, so only datasets stored in Assay resolve.
 * @throws NotFoundError when no version of the name has the digest.
 */
export async function findDatasetVersion({ store, name, digest }: FindDatasetVersionOptions): Promise<number> {
  const wanted = digest.toLowerCase();
  const matches = (candidate: string) => candidate === wanted || (wanted.length >= 8 && candidate.startsWith(wanted));
  const latest = await store.getDataset({ name });
  if (matches(latest.digest)) return latest.version;
  for (let version = latest.version - 1; version >= 1; version -= 1) {
    if (matches((await store.getDataset({ name, version })).digest)) return version;
  }
  throw new NotFoundError(
    `Dataset '${name}' has no version with digest '${digest}'. The server records run inputs for datasets stored in Assay ` +
      '(assay datasets import, or createDatasetVersion); give the digest Assay computed for it.',
  );
}
