// The markers processes leave in a store's waiting directory while they wait
// for its database file. A holder hands the file over when it sees one of
// another live process (DatabaseLease); waiters take turns in the order their
// markers give (waitForDatabase).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessAlive } from '../process-identity.js';

/**
 * A marker left by a waiting process. Its name is
 * `<pid>-<startedAt>-<nonce>`: the pid comes first, as in the markers of
 * Assay versions before the queue (`<pid>-<nonce>`), so that those read the
 * pid of either kind alike.
 */
export interface WaitingMarker {
  /** The file's name in the waiting directory. */
  name: string;
  /** The waiting process. */
  pid: number;
  /**
   * Its place in the queue: when it started waiting (milliseconds since the
   * epoch, or later: see nextPlace). Undefined for a marker of an Assay
   * version before the queue: that process does not queue, it only asks the
   * holder to hand the file over.
   */
  startedAt?: number;
  /** Tells apart two markers of one process that started waiting in the same millisecond. */
  nonce: string;
}

const QUEUED = /^(\d+)-(\d+)-([a-z0-9]+)$/u;
const OLDER = /^(\d+)-([a-z0-9]*)$/u;

/** The name of a marker. */
export function markerName(marker: Omit<WaitingMarker, 'name'>): string {
  return marker.startedAt === undefined ? `${marker.pid}-${marker.nonce}` : `${marker.pid}-${marker.startedAt}-${marker.nonce}`;
}

/** A marker from its file name; undefined for a name no Assay version writes. */
export function parseMarker(name: string): WaitingMarker | undefined {
  const queued = QUEUED.exec(name);
  if (queued) return { name, pid: Number(queued[1]), startedAt: Number(queued[2]), nonce: queued[3]! };
  const older = OLDER.exec(name);
  if (older) return { name, pid: Number(older[1]), nonce: older[2]! };
  return undefined;
}

/** A new random nonce. */
export function newNonce(): string {
  return Math.random().toString(36).slice(2) || '0';
}

/** Queue order: earlier start first; ties by pid, then nonce. Both markers must be queued (startedAt set). */
export function compareQueued(a: WaitingMarker, b: WaitingMarker): number {
  return a.startedAt! - b.startedAt! || a.pid - b.pid || (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0);
}

/**
 * The markers of live processes in the waiting directory (none when it does
 * not exist). Markers of processes that are gone are removed; names no Assay
 * version writes are left alone and ignored.
 */
export async function liveWaitingMarkers(waitingDirectory: string): Promise<WaitingMarker[]> {
  let names: string[];
  try {
    names = await readdir(waitingDirectory);
  } catch {
    return [];
  }
  const live: WaitingMarker[] = [];
  for (const name of names) {
    const marker = parseMarker(name);
    if (!marker) continue;
    if (marker.pid === process.pid || isProcessAlive(marker.pid)) live.push(marker);
    else await rm(join(waitingDirectory, name), { force: true });
  }
  return live;
}
