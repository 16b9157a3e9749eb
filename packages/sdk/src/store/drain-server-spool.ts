import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '@assay/core';
import { isSameProcessRunning } from '@assay/store/process';
import { SPOOL_DIRECTORY, Spool } from '@assay/store/spool';

/** The folder of a store directory where its HTTP stores (talking to the directory's announced server) spool what the server could not take. */
export const SERVER_SPOOL_DIRECTORY = 'server-spool';

/** Options of drainServerSpool. */
export interface DrainServerSpoolOptions {
  /** The store directory. */
  root: string;
  /** A writer of this process whose folder is drained too (an HttpStore this process closed). */
  ownWriter?: string;
}

function writerProcess(folder: string): { host: string; pid: number; startTime: number } | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, 'writer.json'), 'utf8')) as { host: string; pid: number; startTime: number };
  } catch {
    return undefined;
  }
}

function listNames(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

/** Moves one writer folder's segments (adopted writers' first, depth first) into the store's own spool; removes the folder once nothing is left. */
async function drainFolder(folder: string, target: Spool): Promise<number> {
  let moved = 0;
  for (const name of listNames(join(folder, 'adopted'))) moved += await drainFolder(join(folder, 'adopted', name), target);
  const spool = new Spool(folder);
  for (const id of await spool.pending()) {
    const segment = await spool.read(id);
    if (segment === undefined) continue; // another process took it
    // With its writer and sequence numbers: whoever applies it skips what the server applied already.
    await target.write(segment.operations, segment.origin);
    await spool.remove(id);
    moved += segment.operations.length;
  }
  const left = listNames(folder).filter((name) => name !== 'writer.json' && !(name === 'adopted' && listNames(join(folder, 'adopted')).length === 0));
  if (left.length === 0) rmSync(folder, { recursive: true, force: true });
  return moved;
}

/**
 * Hands the writes an announced server could not take to the store's file:
 * the segments its HTTP stores spooled under `server-spool/` (this process's
 * closed one, and those of processes that ended) move into the directory's
 * spool, with their writers' sequence numbers, so that whoever holds the
 * file next (a LocalStore, or the server when it is back) applies each of
 * them once. Live writers' folders are left to them. Returns how many writes
 * moved; failures are warned about, never thrown (the writes stay where they
 * are, for the next try).
 */
export async function drainServerSpool({ root, ownWriter }: DrainServerSpoolOptions): Promise<number> {
  const spoolRoot = join(root, SERVER_SPOOL_DIRECTORY);
  const target = new Spool(join(root, SPOOL_DIRECTORY));
  const here = hostname();
  let moved = 0;
  for (const name of listNames(spoolRoot)) {
    const folder = join(spoolRoot, name);
    if (name !== ownWriter) {
      const owner = writerProcess(folder);
      // No writer file: not a writer folder, or one being created this instant.
      if (owner === undefined || owner.host !== here || isSameProcessRunning({ pid: owner.pid, startTime: owner.startTime })) continue;
    }
    try {
      moved += await drainFolder(folder, target);
    } catch (error) {
      console.warn(`[assay] could not move the writes spooled for the server in ${folder} to the store's spool (tried again later): ${errorMessage(error)}`);
    }
  }
  return moved;
}
