import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '@assay/core';

/** The database file of a local store directory (the store package's `DATABASE_FILE`). */
const DATABASE_FILE = 'assay.duckdb';

const HOW_TO_FIX =
  'check --tracking-uri / ASSAY_TRACKING_URI (default ./.assay), or create one with "assay experiments create <name>", "assay demo" or any tracking call of the SDK';

async function kindOf(path: string): Promise<'file' | 'directory' | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/**
 * Throws a NotFoundError when `trackingUri` names a local directory that holds
 * no Assay store, so that a command that only reads never creates an empty
 * store where a typo points. Server URLs are left to the server.
 */
export async function requireExistingStore(trackingUri: string): Promise<void> {
  // The SDK is loaded here, when a command opens a store, never for --help.
  const { parseTrackingUri } = await import('@assay/sdk');
  const target = parseTrackingUri(trackingUri);
  if (target.kind !== 'local') return;
  const root = await kindOf(target.root);
  if (root === 'directory' && (await kindOf(join(target.root, DATABASE_FILE))) === 'file') return;
  const detail = root === 'file' ? ' (a file, not a store directory)' : root === 'directory' ? ` (the directory has no ${DATABASE_FILE})` : '';
  throw new NotFoundError(`no Assay store at ${target.root}${detail}; ${HOW_TO_FIX}.`);
}
