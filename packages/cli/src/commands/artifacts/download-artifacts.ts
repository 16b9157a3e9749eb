import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { AssayError, errorMessage, InvalidParameterError, normalizeArtifactPath, NotFoundError } from '@assay/core';
import type { Store } from '@assay/core';
import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { walkArtifacts } from './walk-artifacts.js';

/** The options of `assay artifacts download`. */
export interface DownloadArtifactsCommandOptions {
  /** The local directory the artifact's path is recreated under. */
  dest: string;
  /** Print JSON instead of the written paths. */
  json?: boolean;
}

/** Options of `downloadArtifacts`. */
export interface DownloadArtifactsOptions extends CommandInvocation<DownloadArtifactsCommandOptions> {
  /** The run's id. */
  runId: string;
  /** A file or folder inside the run's artifacts ('.' for all of them). */
  path: string;
}

/** One file written by a download. */
interface DownloadedFile {
  /** Its artifact path. */
  path: string;
  /** Where it was written. */
  localPath: string;
  /** Its size in bytes. */
  fileSize: number;
}

/** The local file of an artifact path under `destination`, refused when it would land outside it. */
function localPathOf(destination: string, artifactPath: string): string {
  const target = resolve(destination, ...artifactPath.split('/'));
  const inside = relative(destination, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new InvalidParameterError(`Refusing to write artifact '${artifactPath}' outside the destination ${destination}.`);
  }
  return target;
}

async function isMissingFile(work: Promise<Uint8Array>): Promise<Uint8Array | undefined> {
  try {
    return await work;
  } catch (error) {
    if (AssayError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw error;
  }
}

/** The files of `path` and their content: the file itself, or every file below the folder. */
async function readArtifacts(store: Store, runId: string, path: string): Promise<{ path: string; data: Uint8Array }[]> {
  // Fails for an unknown run before anything else.
  await store.getRun({ runId });
  const single = path === '' ? undefined : await isMissingFile(store.getArtifact({ runId, path }));
  if (single !== undefined) return [{ path, data: single }];
  const files = (await walkArtifacts({ store, runId, path })).filter((file) => !file.isDir);
  const read: { path: string; data: Uint8Array }[] = [];
  for (const file of files) read.push({ path: file.path, data: await store.getArtifact({ runId, path: file.path }) });
  return read;
}

/**
 * `assay artifacts download <run-id> <path>`: writes the artifact (a file, or
 * every file of a folder) to `<dest>/<path>`, as MLflow does, and prints the
 * local paths. Paths that leave the run (`..`, absolute) are refused before
 * the store is read, and nothing is written outside the destination.
 */
export async function downloadArtifacts({ context, command, runId, path, options }: DownloadArtifactsOptions): Promise<void> {
  const artifactPath = normalizeArtifactPath(path);
  const destination = resolve(options.dest);
  const artifacts = await withExistingStore(context, command, (store) => readArtifacts(store, runId, artifactPath));
  if (artifacts.length === 0) {
    const listing = shellQuote(['assay', ...trackingUriArguments(command), 'artifacts', 'list', runId, '--recursive']);
    throw new NotFoundError(
      artifactPath === ''
        ? `Run ${runId} has no artifacts.`
        : `Run ${runId} has no artifact '${formatUntrustedText(artifactPath, 100)}'. See what it has with: ${listing}`,
    );
  }
  const planned = artifacts.map((artifact) => ({ ...artifact, localPath: localPathOf(destination, artifact.path) }));
  const written: DownloadedFile[] = [];
  for (const artifact of planned) {
    try {
      await mkdir(dirname(artifact.localPath), { recursive: true });
      await writeFile(artifact.localPath, artifact.data);
    } catch (error) {
      throw new InvalidParameterError(`Cannot write ${artifact.localPath}: ${errorMessage(error)}. Choose another --dest.`, { cause: error });
    }
    written.push({ path: artifact.path, localPath: artifact.localPath, fileSize: artifact.data.byteLength });
  }
  if (options.json) {
    printJson({ runId, path: artifactPath, destination, files: written }, context.stdout);
    return;
  }
  for (const file of written) context.stdout(`${formatUntrustedText(file.localPath, 4096)}\n`);
  const bytes = written.reduce((sum, file) => sum + file.fileSize, 0);
  context.stderr(`Downloaded ${written.length} ${written.length === 1 ? 'file' : 'files'} (${bytes} bytes) from run ${runId}.\n`);
}
