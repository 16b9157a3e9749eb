import { InvalidParameterError } from '../errors/assay-error.js';

/**
 * Longest segment, in UTF-8 bytes: under the file name limit of common file
 * systems (NAME_MAX, 255) with room for the suffix of the temporary file an
 * upload is written to before it is renamed into place.
 */
export const MAX_ARTIFACT_PATH_SEGMENT_BYTES = 200;

/** Longest path, in UTF-8 bytes: well under PATH_MAX (4096) once joined to an artifact root. */
export const MAX_ARTIFACT_PATH_BYTES = 2048;

/** How much of a rejected path an error message repeats. */
const QUOTED_PATH_CHARACTERS = 200;

const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).length;

/**
 * Turns a user-given artifact path into a safe relative path with forward
 * slashes, or throws. Absolute paths, `..` segments, backslashes, NUL and
 * percent-encoded dots are refused: an artifact path must never reach outside
 * the run's artifact directory. So are paths the file system cannot hold (a
 * segment over {@link MAX_ARTIFACT_PATH_SEGMENT_BYTES} or the whole over
 * {@link MAX_ARTIFACT_PATH_BYTES} bytes): a clear 400, not an `ENAMETOOLONG`
 * from deep inside. `''` (and `.`) mean the root.
 */
export function normalizeArtifactPath(path: string | undefined): string {
  if (path === undefined) return '';
  if (typeof path !== 'string') {
    throw new InvalidParameterError(`Artifact path must be a string, got ${typeof path}.`);
  }
  const reject = (why: string): never => {
    const quoted = path.length > QUOTED_PATH_CHARACTERS ? `${path.slice(0, QUOTED_PATH_CHARACTERS)}...` : path;
    throw new InvalidParameterError(
      `Invalid artifact path '${quoted}': ${why}. Use a relative path inside the run's artifacts, like 'plots/loss.png'.`,
    );
  };
  if (path.includes('\0')) reject('it contains a NUL character');
  if (path.includes('\\')) reject('backslashes are not allowed');
  if (/%2e|%2f|%5c/iu.test(path)) reject('percent-encoded dots or slashes are not allowed');
  if (path.startsWith('/') || /^[a-zA-Z]:/u.test(path)) reject('absolute paths are not allowed');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') reject("'..' segments are not allowed");
    if (utf8Length(part) > MAX_ARTIFACT_PATH_SEGMENT_BYTES) reject(`a segment is longer than ${MAX_ARTIFACT_PATH_SEGMENT_BYTES} bytes`);
    parts.push(part);
  }
  const normalized = parts.join('/');
  if (utf8Length(normalized) > MAX_ARTIFACT_PATH_BYTES) reject(`it is longer than ${MAX_ARTIFACT_PATH_BYTES} bytes`);
  return normalized;
}
