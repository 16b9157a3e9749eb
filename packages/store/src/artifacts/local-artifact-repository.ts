import { mkdir, readdir, readFile, rename, stat, writeFile, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidParameterError, NotFoundError, normalizeArtifactPath, type FileInfo } from '@assay/core';

/** The URI scheme of artifacts kept under the store's own artifact root (MLflow's proxied-artifact scheme). */
export const PROXY_ARTIFACT_SCHEME = 'mlflow-artifacts:';

/**
 * Run artifacts as plain files. `mlflow-artifacts:/<exp>/<run>/artifacts` URIs
 * resolve under the store's artifact root, so a store directory can be moved
 * or copied whole; `file://` URIs and absolute paths are used as they are.
 */
export class LocalArtifactRepository {
  constructor(readonly root: string) {}

  /** The directory an artifact URI names. */
  resolveDirectory(artifactUri: string): string {
    if (artifactUri.startsWith(PROXY_ARTIFACT_SCHEME)) {
      const rest = normalizeArtifactPath(artifactUri.slice(PROXY_ARTIFACT_SCHEME.length).replace(/^\/+/u, ''));
      return join(this.root, rest);
    }
    if (artifactUri.startsWith('file://')) return fileURLToPath(artifactUri);
    if (isAbsolute(artifactUri)) return artifactUri;
    throw new InvalidParameterError(`Unsupported artifact location '${artifactUri}' for the local store.`);
  }

  /** The file an artifact path names, guaranteed to stay inside the run's directory. */
  private resolveFile(artifactUri: string, path: string | undefined): { base: string; target: string; normalized: string } {
    const base = resolve(this.resolveDirectory(artifactUri));
    const normalized = normalizeArtifactPath(path);
    const target = resolve(base, normalized);
    if (target !== base && !target.startsWith(base + sep)) {
      throw new InvalidParameterError(`Invalid artifact path '${String(path)}': it resolves outside the run's artifacts.`);
    }
    return { base, target, normalized };
  }

  /** Writes a file atomically: a crash mid-write leaves the previous content (or nothing), never a torn file. */
  async put(artifactUri: string, path: string, data: Uint8Array): Promise<void> {
    const { target, normalized } = this.resolveFile(artifactUri, path);
    if (normalized === '') throw new InvalidParameterError('Artifact path must name a file, e.g. "results/table.json".');
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await writeFile(temporary, data);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(artifactUri: string, path: string): Promise<Uint8Array> {
    const { target, normalized } = this.resolveFile(artifactUri, path);
    try {
      return new Uint8Array(await readFile(target));
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new NotFoundError(`Artifact '${normalized}' not found. List the run's artifacts to see what exists.`);
      }
      throw error;
    }
  }

  async list(artifactUri: string, path: string | undefined): Promise<FileInfo[]> {
    const { base, target } = this.resolveFile(artifactUri, path);
    let entries;
    try {
      entries = await readdir(target, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw error;
    }
    const files: FileInfo[] = [];
    for (const entry of entries) {
      if (entry.name.includes('.tmp-')) continue;
      const full = join(target, entry.name);
      const relativePath = relative(base, full).split(sep).join('/');
      if (entry.isDirectory()) files.push({ path: relativePath, isDir: true });
      else if (entry.isFile()) files.push({ path: relativePath, isDir: false, fileSize: (await stat(full)).size });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
