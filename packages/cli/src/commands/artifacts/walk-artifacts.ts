import { normalizeArtifactPath } from '@assay/core';
import type { FileInfo, Store } from '@assay/core';

/** Options of `walkArtifacts`. */
export interface WalkArtifactsOptions {
  /** The store to read. */
  store: Store;
  /** The run whose artifacts are listed. */
  runId: string;
  /** The folder to start from, normalised ('' for the run's root). */
  path: string;
}

/**
 * Every file and folder under `path`, depth first in path order. Each listed
 * path is checked again (no `..`, not absolute), so a store that answered a
 * path outside the run could never lead a download out of its destination.
 */
export async function walkArtifacts({ store, runId, path }: WalkArtifactsOptions): Promise<FileInfo[]> {
  const found: FileInfo[] = [];
  const pending = [path];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    const children = await store.listArtifacts({ runId, ...(folder === '' ? {} : { path: folder }) });
    for (const child of children) {
      const childPath = normalizeArtifactPath(child.path);
      found.push({ ...child, path: childPath });
      if (child.isDir) pending.push(childPath);
    }
  }
  return found.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}
