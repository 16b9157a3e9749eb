import type { FileInfo } from '../entities/artifact.js';

/** Input of ArtifactStore.putArtifact. */
export interface PutArtifactInput {
  /** The run the artifact belongs to (active or deleted). */
  runId: string;
  /** The file's path relative to the run's artifact root, e.g. `results/table.json`; folders are created. */
  path: string;
  /** The file's content; replaces an existing file atomically. */
  data: Uint8Array;
}

/** Input of ArtifactStore.getArtifact. */
export interface GetArtifactInput {
  /** The run the artifact belongs to. */
  runId: string;
  /** The file's path relative to the run's artifact root. */
  path: string;
}

/** Input of ArtifactStore.listArtifacts. */
export interface ListArtifactsInput {
  /** The run whose artifacts are listed. */
  runId: string;
  /** A folder relative to the run's artifact root; default the root. */
  path?: string;
}

/**
 * Run artifacts: files kept beside a run, under its artifact URI. Paths are
 * relative, use `/`, and never leave the run's artifact root. A store that
 * must wait for its database to look the run up throws StoreBusyError when
 * the wait times out.
 */
export interface ArtifactStore {
  /**
   * Writes one artifact file, creating its folders and replacing a file of the same path.
   * @throws InvalidParameterError for an empty path or one that leaves the run's artifact root.
   * @throws NotFoundError for an unknown run.
   */
  putArtifact(input: PutArtifactInput): Promise<void>;
  /**
   * Reads one artifact file.
   * @throws InvalidParameterError for a path that leaves the run's artifact root.
   * @throws NotFoundError for an unknown run, or when no file has this path (a folder included).
   */
  getArtifact(input: GetArtifactInput): Promise<Uint8Array>;
  /**
   * The direct children of a folder (files with their size, and folders), sorted by path;
   * empty for a folder that does not exist.
   * @throws InvalidParameterError for a path that leaves the run's artifact root.
   * @throws NotFoundError for an unknown run.
   */
  listArtifacts(input: ListArtifactsInput): Promise<FileInfo[]>;
}
