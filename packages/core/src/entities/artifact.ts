/** One entry of an artifact listing. */
export interface FileInfo {
  /** Path relative to the run's artifact root, with forward slashes. */
  path: string;
  isDir: boolean;
  /** Size in bytes; absent for directories. */
  fileSize?: number;
}
