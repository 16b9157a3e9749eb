/** Input of ArtifactFileStore.putArtifactFile. */
export interface PutArtifactFileInput {
  /** The run the artifact belongs to (active or deleted). */
  runId: string;
  /** The artifact's path relative to the run's artifact root, e.g. `model/weights.bin`; folders are created. */
  path: string;
  /** The local file to upload. */
  localPath: string;
}

/** Input of ArtifactFileStore.getArtifactFile. */
export interface GetArtifactFileInput {
  /** The run the artifact belongs to. */
  runId: string;
  /** The artifact's path relative to the run's artifact root. */
  path: string;
  /** The local file to write (replaced if it exists); its folder must exist. */
  localPath: string;
}

/**
 * An optional capability of a store: moving an artifact between a local file
 * and the store without holding it whole in memory (a remote store streams
 * it over HTTP). The SDK's logArtifact(s) and artifact downloads use it when
 * the store has it, and putArtifact/getArtifact otherwise. Paths and errors
 * are ArtifactStore's.
 */
export interface ArtifactFileStore {
  /**
   * Uploads a local file as one artifact, replacing a file of the same path.
   * @throws InvalidParameterError for a path that leaves the run's artifact root.
   * @throws NotFoundError for an unknown run.
   */
  putArtifactFile(input: PutArtifactFileInput): Promise<void>;
  /**
   * Downloads one artifact into a local file; the file is complete when this resolves (never half-written).
   * @throws InvalidParameterError for a path that leaves the run's artifact root.
   * @throws NotFoundError for an unknown run, or when no file has this path.
   */
  getArtifactFile(input: GetArtifactFileInput): Promise<void>;
}

/** True when `store` streams artifact files (see ArtifactFileStore). */
export function canTransferArtifactFiles(store: unknown): store is ArtifactFileStore {
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof (store as Partial<ArtifactFileStore>).putArtifactFile === 'function' &&
    typeof (store as Partial<ArtifactFileStore>).getArtifactFile === 'function'
  );
}
