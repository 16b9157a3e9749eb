import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AssayError, InvalidParameterError, NotFoundError, canTransferArtifactFiles, mapWithConcurrency, normalizeArtifactPath, type FileInfo, type Store } from '@assay/core';

const PARALLEL_UPLOADS = 8;

function joinArtifactPath(directory: string, name: string): string {
  return directory === '' ? name : `${directory}/${name}`;
}

async function statLocal(localPath: string): Promise<{ absolute: string; isDirectory: boolean }> {
  const absolute = resolve(localPath);
  try {
    const info = await stat(absolute);
    return { absolute, isDirectory: info.isDirectory() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InvalidParameterError(`Local path '${localPath}' does not exist (resolved to ${absolute}).`, { cause: error });
    }
    throw error;
  }
}

/** Uploads one local file to `artifactPath/basename(localPath)` (MLflow's `log_artifact`). */
export async function uploadFile(store: Store, runId: string, localPath: string, artifactPath?: string): Promise<void> {
  const directory = normalizeArtifactPath(artifactPath);
  const { absolute, isDirectory } = await statLocal(localPath);
  if (isDirectory) {
    throw new InvalidParameterError(`Local path '${localPath}' is a directory; use logArtifacts to upload a directory tree.`);
  }
  await putFile(store, runId, joinArtifactPath(directory, basename(absolute)), absolute);
}

/** One local file as an artifact: streamed by a store that can (a server's), else read whole and put. */
async function putFile(store: Store, runId: string, path: string, localPath: string): Promise<void> {
  if (canTransferArtifactFiles(store)) await store.putArtifactFile({ runId, path, localPath });
  else await store.putArtifact({ runId, path, data: new Uint8Array(await readFile(localPath)) });
}

/** One artifact into a local file (its folder exists): streamed by a store that can, else read whole and written. */
async function getFile(store: Store, runId: string, path: string, localPath: string): Promise<void> {
  if (canTransferArtifactFiles(store)) await store.getArtifactFile({ runId, path, localPath });
  else await writeFile(localPath, await store.getArtifact({ runId, path }));
}

async function listFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) files.push(full);
      else if (entry.isSymbolicLink()) {
        // Follow links to files only: a link to a directory could loop.
        const target = await stat(full).catch(() => undefined);
        if (target?.isFile()) files.push(full);
      }
    }
  };
  await visit(directory);
  return files.sort();
}

/** Uploads the files of a local directory tree under `artifactPath` (MLflow's `log_artifacts`). */
export async function uploadDirectory(store: Store, runId: string, localDirectory: string, artifactPath?: string): Promise<void> {
  const directory = normalizeArtifactPath(artifactPath);
  const { absolute, isDirectory } = await statLocal(localDirectory);
  if (!isDirectory) {
    throw new InvalidParameterError(`Local path '${localDirectory}' is not a directory; use logArtifact to upload one file.`);
  }
  const files = await listFiles(absolute);
  await mapWithConcurrency({
    items: files,
    concurrency: PARALLEL_UPLOADS,
    work: async (file) => {
      const path = relative(absolute, file).split(sep).join('/');
      await putFile(store, runId, joinArtifactPath(directory, path), file);
    },
  });
}

/** Writes `data` as one artifact file at `artifactFile`. */
export async function uploadBytes(store: Store, runId: string, data: Uint8Array, artifactFile: string): Promise<void> {
  const path = normalizeArtifactPath(artifactFile);
  if (path === '') throw new InvalidParameterError(`Artifact file must name a file, e.g. 'results/summary.txt'; got '${artifactFile}'.`);
  await store.putArtifact({ runId, path, data });
}

function isNotFound(error: unknown): boolean {
  return AssayError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST';
}

async function listTree(store: Store, runId: string, path: string): Promise<FileInfo[]> {
  const files: FileInfo[] = [];
  for (const entry of await store.listArtifacts({ runId, path })) {
    if (entry.isDir) files.push(...(await listTree(store, runId, entry.path)));
    else files.push(entry);
  }
  return files;
}

/**
 * Downloads an artifact file, or a folder with everything under it, to
 * `destination/<path>` and returns that local path.
 */
export async function downloadArtifacts(store: Store, runId: string, path: string, destination: string): Promise<string> {
  const normalized = normalizeArtifactPath(path);
  const root = resolve(destination);
  const localPathOf = (artifact: string): string => join(root, ...artifact.split('/'));
  if (normalized !== '') {
    try {
      const target = localPathOf(normalized);
      await mkdir(dirname(target), { recursive: true });
      await getFile(store, runId, normalized, target);
      return target;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  const files = await listTree(store, runId, normalized);
  if (files.length === 0 && normalized !== '') {
    throw new NotFoundError(`Artifact '${normalized}' not found in run '${runId}'. List the run's artifacts to see what exists.`);
  }
  const target = normalized === '' ? root : localPathOf(normalized);
  await mkdir(target, { recursive: true });
  await mapWithConcurrency({
    items: files,
    concurrency: PARALLEL_UPLOADS,
    work: async (file) => {
      const local = localPathOf(file.path);
      await mkdir(dirname(local), { recursive: true });
      await getFile(store, runId, file.path, local);
    },
  });
  return target;
}
