import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HTTPException } from 'hono/http-exception';
import { InvalidParameterError, NotFoundError, normalizeArtifactPath, type FileInfo } from '@assay/core';

/** One artifact file opened for reading. */
export interface ArtifactFile {
  /** Its path relative to the artifact root. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** Its content, streamed from the file. */
  stream: ReadableStream<Uint8Array>;
}

// The suffix of files being uploaded; listings skip them (the local store names its own so too).
const UPLOAD_SUFFIX = '.tmp-';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The files behind MLflow's artifact proxy: a directory whose paths are
 * `<experiment>/<run>/artifacts/<file>` as in `mlflow-artifacts:/` URIs.
 * Paths are normalised and confined to the root: `..`, absolute paths,
 * backslashes and percent-encoded dots or slashes are refused, and so is a
 * path that leaves the root through a symbolic link. Files are streamed both
 * ways, never held whole in memory; an upload replaces its file atomically.
 */
export class ArtifactDirectory {
  /** The directory, absolute. */
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The absolute path of a client's path, checked. `allowRoot` lets `''` name the root itself. */
  private async confine(path: string, allowRoot: boolean): Promise<{ normalized: string; absolute: string }> {
    const normalized = normalizeArtifactPath(path);
    if (normalized === '' && !allowRoot) throw new InvalidParameterError('The artifact path must name a file, e.g. 1/<run_id>/artifacts/model/MLmodel.');
    const absolute = join(this.root, normalized);
    // Follow symbolic links as far as the path exists: the real location must stay under the real root.
    let existing = absolute;
    for (;;) {
      try {
        await lstat(existing);
        break;
      } catch (error) {
        if (!isMissing(error) || existing === this.root) break;
        existing = dirname(existing);
      }
    }
    let realRoot: string;
    let realExisting: string;
    try {
      [realRoot, realExisting] = await Promise.all([realpath(this.root), realpath(existing)]);
    } catch (error) {
      if (isMissing(error)) return { normalized, absolute };
      throw error;
    }
    if (realExisting !== realRoot && !realExisting.startsWith(realRoot + sep)) {
      throw new InvalidParameterError(`Invalid artifact path '${path}': it resolves outside the artifact root.`);
    }
    return { normalized, absolute };
  }

  /** Opens a file for streaming. @throws NotFoundError when no file has the path (folders included). */
  async read(path: string): Promise<ArtifactFile> {
    const { normalized, absolute } = await this.confine(path, false);
    try {
      const stats = await stat(absolute);
      if (!stats.isFile()) throw new NotFoundError(`Artifact '${normalized}' is a folder, not a file. List it with ?path=${normalized}.`);
      return { path: normalized, size: stats.size, stream: Readable.toWeb(createReadStream(absolute)) as ReadableStream<Uint8Array> };
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError(`Artifact '${normalized}' not found.`);
      throw error;
    }
  }

  /**
   * Streams a request body into a file (creating its folders), then moves it
   * into place, so readers see the old file or the whole new one.
   * @throws HTTPException 413 when the body exceeds `maxBytes`; nothing is written then.
   */
  async write(path: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<void> {
    const { absolute } = await this.confine(path, false);
    await mkdir(dirname(absolute), { recursive: true });
    const temporary = `${absolute}${UPLOAD_SUFFIX}${process.pid}-${Math.random().toString(36).slice(2)}`;
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes) callback(new HTTPException(413, { message: `The artifact exceeds the upload limit of ${maxBytes} bytes.` }));
        else callback(null, chunk);
      },
    });
    try {
      const source = body === null ? Readable.from([]) : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
      await pipeline(source, limit, createWriteStream(temporary, { flags: 'wx' }));
      await rename(temporary, absolute);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Deletes a file or a folder with everything in it; a path that does not exist is a no-op (as MLflow's). */
  async delete(path: string): Promise<void> {
    const { absolute } = await this.confine(path, false);
    await rm(absolute, { recursive: true, force: true });
  }

  /** The direct children of a folder, by name, sorted; empty for a folder that does not exist. */
  async list(path: string): Promise<FileInfo[]> {
    const { absolute } = await this.confine(path, true);
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const files: FileInfo[] = [];
    for (const entry of entries) {
      if (entry.name.includes(UPLOAD_SUFFIX)) continue;
      if (entry.isDirectory()) files.push({ path: entry.name, isDir: true });
      else if (entry.isFile()) files.push({ path: entry.name, isDir: false, fileSize: (await stat(join(absolute, entry.name))).size });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }
}
