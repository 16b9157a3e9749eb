import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidParameterError } from '@assay/core';

import { TRACKING_URI_ENV } from './tracking-uri-env.js';

export { TRACKING_URI_ENV };

/** The store directory used when nothing else is configured, relative to the working directory. */
export const DEFAULT_TRACKING_URI = './.assay';

/** Where a tracking URI points. */
export type TrackingTarget = { kind: 'local'; root: string } | { kind: 'http'; url: string };

const EXAMPLES = "Use a directory path like './.assay' or 'file:///home/me/assay', or a server URL like 'http://127.0.0.1:5000'.";

/**
 * Reads a tracking URI: a directory path (relative paths resolve against
 * `cwd`), a `file://` URI, or an `http(s)://` server URL. Throws
 * InvalidParameterError for anything else.
 */
export function parseTrackingUri(uri: string, cwd: string = process.cwd()): TrackingTarget {
  if (typeof uri !== 'string' || uri.trim() === '') {
    throw new InvalidParameterError(`The tracking URI must be a non-empty string, got ${typeof uri === 'string' ? "''" : typeof uri}. ${EXAMPLES}`);
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/u.exec(uri)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (C:\runs), i.e. a path.
  if (scheme === undefined || (scheme.length === 1 && isAbsolute(uri))) {
    if (uri.includes('\0')) throw new InvalidParameterError(`Invalid tracking URI: it contains a NUL character. ${EXAMPLES}`);
    return { kind: 'local', root: resolve(cwd, uri) };
  }
  if (scheme === 'file') {
    try {
      return { kind: 'local', root: fileURLToPath(uri) };
    } catch (error) {
      throw new InvalidParameterError(`Invalid file URI '${uri}': ${(error as Error).message}. ${EXAMPLES}`, { cause: error });
    }
  }
  if (scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(uri);
    } catch (error) {
      throw new InvalidParameterError(`Invalid server URL '${uri}'. ${EXAMPLES}`, { cause: error });
    }
    if (url.hostname === '') throw new InvalidParameterError(`Invalid server URL '${uri}': it has no host. ${EXAMPLES}`);
    return { kind: 'http', url: url.href.replace(/\/+$/u, '') };
  }
  throw new InvalidParameterError(`Unsupported tracking URI '${uri}' (scheme '${scheme}:'). ${EXAMPLES}`);
}

/** The canonical form of a target: an absolute directory path, or the server URL. */
function canonical(target: TrackingTarget): string {
  return target.kind === 'local' ? target.root : target.url;
}

/** A tracking URI in its canonical form: an absolute directory path, or the server URL. Throws InvalidParameterError. */
export function canonicalTrackingUri(uri: string): string {
  return canonical(parseTrackingUri(uri));
}

/**
 * Where one Assay instance sends its data: the URI given to `set`, else
 * `ASSAY_TRACKING_URI` (read again on every call, so a test or tool can
 * change it), else `./.assay`. Directory paths are kept absolute, resolved
 * against the working directory when set or first read.
 */
export class TrackingUriSetting {
  private configured: string | undefined;
  private resolvedDefault: string | undefined;
  private resolvedEnvironment: { value: string; uri: string } | undefined;

  /** Sets the URI; throws InvalidParameterError for one that is not a directory path, `file://` URI or server URL. */
  set(uri: string): void {
    this.configured = canonicalTrackingUri(uri);
  }

  /** The URI in effect, canonical. */
  get(): string {
    if (this.configured !== undefined) return this.configured;
    const fromEnvironment = process.env[TRACKING_URI_ENV];
    if (fromEnvironment !== undefined && fromEnvironment !== '') {
      if (this.resolvedEnvironment?.value !== fromEnvironment) {
        this.resolvedEnvironment = { value: fromEnvironment, uri: canonicalTrackingUri(fromEnvironment) };
      }
      return this.resolvedEnvironment.uri;
    }
    this.resolvedDefault ??= canonicalTrackingUri(DEFAULT_TRACKING_URI);
    return this.resolvedDefault;
  }
}
