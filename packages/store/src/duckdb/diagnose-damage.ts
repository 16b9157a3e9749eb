import { basename, dirname } from 'node:path';
import { StoreDamagedError, errorMessage } from '@assay/core';

// DuckDB's messages for a file it cannot use, and what each means for the user. Anything else
// (permissions, a missing directory, a full disk) is not damage and keeps its own error.
const DAMAGE: readonly [RegExp, string][] = [
  [/not a valid DuckDB database file/u, 'it is not a DuckDB database file (another program wrote it, or it was overwritten)'],
  [/Could not read enough bytes from file/u, 'it is shorter than its own contents say (truncated, e.g. by a full disk or an interrupted copy)'],
  [/Corrupt database file|does not match stored checksum/u, 'part of it failed its checksum (corrupt data)'],
  [/Trying to read a database file with version number/u, 'it is in a DuckDB storage format this version of Assay cannot read'],
];

/** What is wrong with a database file, from the error DuckDB gave on it; undefined when the error is not about damage. */
export function describeDamage(error: unknown): string | undefined {
  if (error instanceof StoreDamagedError) return undefined;
  const message = errorMessage(error);
  return DAMAGE.find(([pattern]) => pattern.test(message))?.[1];
}

/** Options of storeDamagedError. */
export interface StoreDamagedErrorFor {
  /** The database file. */
  databasePath: string;
  /** What is wrong with it, as a clause: "it is not a DuckDB database file". */
  reason: string;
  /** DuckDB's error, when there was one. */
  cause?: unknown;
}

/** The StoreDamagedError of a database file: what is wrong, that writes are kept, and how to check and recover. */
export function storeDamagedError({ databasePath, reason, cause }: StoreDamagedErrorFor): StoreDamagedError {
  const root = dirname(databasePath);
  const assay = `assay --tracking-uri '${root.replaceAll("'", "'\\''")}'`;
  const detail = cause === undefined ? '' : ` (DuckDB: ${errorMessage(cause)})`;
  return new StoreDamagedError(
    `The store file ${databasePath} cannot be used: ${reason}${detail}. ` +
      `New writes are kept in the spool (${root}/spool) until the store is usable again. ` +
      `Run \`${assay} store check\` for a diagnosis, and \`${assay} store recover\` to set ${basename(databasePath)} aside, ` +
      'copy what can still be read into a new store and apply the spool.',
    { databasePath, ...(cause !== undefined ? { cause } : {}) },
  );
}

/** The StoreDamagedError for `error` when it says the database file is damaged; `error` itself otherwise. */
export function asDamageError(error: unknown, databasePath: string): unknown {
  const reason = describeDamage(error);
  return reason === undefined ? error : storeDamagedError({ databasePath, reason, cause: error });
}
