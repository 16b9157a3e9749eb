import { InvalidParameterError } from '../errors/assay-error.js';

/**
 * Turns a user-given artifact path into a safe relative path with forward
 * slashes, or throws. Absolute paths, `..` segments, backslashes, NUL and
 * percent-encoded dots are refused: an artifact path must never reach outside
 * the run's artifact directory. `''` (and `.`) mean the root.
 */
export function normalizeArtifactPath(path: string | undefined): string {
  if (path === undefined) return '';
  if (typeof path !== 'string') {
    throw new InvalidParameterError(`Artifact path must be a string, got ${typeof path}.`);
  }
  const reject = (why: string): never => {
    throw new InvalidParameterError(
      `Invalid artifact path '${path}': ${why}. Use a relative path inside the run's artifacts, like 'plots/loss.png'.`,
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
    parts.push(part);
  }
  return parts.join('/');
}
