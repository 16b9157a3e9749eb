import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { WriteOperation } from '@assay/core';
import { isProcessAlive } from '../process-identity.js';

const SEGMENT_SUFFIX = '.seg';
// A segment is written under this prefix, then renamed: readers never see it half-written.
const TEMPORARY_PREFIX = '.tmp-';

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** The spool's folder inside a store directory. */
export const SPOOL_DIRECTORY = 'spool';

/** JSON cannot hold NaN or ±Infinity; spooled metrics can. */
export function encodeOperations(operations: readonly WriteOperation[]): string {
  return JSON.stringify(operations, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value,
  );
}

function decodeOperations(text: string): WriteOperation[] {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && '$number' in value ? Number((value as { $number: string }).$number) : value,
  ) as WriteOperation[];
}

let lastTime = 0;
let sequence = 0;

function nextSegmentId(): string {
  lastTime = Math.max(Date.now(), lastTime);
  sequence += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${lastTime.toString(36).padStart(10, '0')}-${process.pid}-${sequence.toString(36).padStart(8, '0')}-${random}`;
}

/** One complete segment of the spool. */
export interface SpoolSegment {
  /** The segment's id: its file name without the suffix; ids sort in the order segments were written. */
  id: string;
  /** Its writes, in order. */
  operations: WriteOperation[];
}

/**
 * The append-only spool of writes made while another process held the
 * database: files of segments, each a list of writes. A segment becomes
 * visible only once complete (written, fsync'd, then renamed), so readers
 * never see a torn one. This writes and reads segments without DuckDB (a
 * process can spool at exit without loading it); ingestSpool applies them.
 */
export class Spool {
  private ready: Promise<void> | undefined;

  constructor(readonly directory: string) {}

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true }).then(() => undefined);
    return this.ready;
  }

  /** Durably appends one segment; when this resolves, the writes are acknowledged. */
  async write(operations: readonly WriteOperation[]): Promise<string> {
    await this.ensureDirectory();
    return this.writeSync(operations);
  }

  /** The same as write, synchronously: usable from a process 'exit' handler. */
  writeSync(operations: readonly WriteOperation[]): string {
    const id = nextSegmentId();
    const temporary = join(this.directory, `${TEMPORARY_PREFIX}${id}`);
    const descriptor = openSync(temporary, 'w');
    try {
      writeSync(descriptor, encodeOperations(operations));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, join(this.directory, `${id}${SEGMENT_SUFFIX}`));
    try {
      const directory = openSync(this.directory, 'r');
      fsyncSync(directory);
      closeSync(directory);
    } catch {
      // Some filesystems refuse fsync on directories; the rename is still atomic.
    }
    return id;
  }

  /** The ids of the complete segments, oldest first (after settling what writers that died left behind). */
  async pending(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const ids = names.filter((name) => name.endsWith(SEGMENT_SUFFIX)).map((name) => name.slice(0, -SEGMENT_SUFFIX.length));
    for (const name of names) {
      if (!name.startsWith(TEMPORARY_PREFIX)) continue;
      const promoted = await this.settleLeftover(name);
      if (promoted !== undefined) ids.push(promoted);
    }
    return ids.sort();
  }

  /**
   * A temporary file of a writer that died before renaming it (killed
   * mid-write): never acknowledged, so an empty or torn one is removed (a
   * torn one is set aside in `unreadable/`, with a warning); a complete one
   * (killed between fsync and rename) becomes a segment, as its writer meant.
   * Returns the id of a segment it became. Files of live writers are left alone.
   */
  private async settleLeftover(name: string): Promise<string | undefined> {
    const id = name.slice(TEMPORARY_PREFIX.length);
    const writer = Number(id.split('-')[1]);
    if (writer === process.pid || isProcessAlive(writer)) return undefined;
    const path = join(this.directory, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // another reader settled it
      throw error;
    }
    if (text === '') {
      await unlink(path).catch(ignoreMissing);
      return undefined;
    }
    try {
      decodeOperations(text);
    } catch (error) {
      await mkdir(join(this.directory, 'unreadable'), { recursive: true });
      await rename(path, join(this.directory, 'unreadable', name)).catch(ignoreMissing);
      console.warn(`[assay] spool file ${name}, left by a writer that died mid-write, is incomplete and was moved to spool/unreadable/: ${String(error)}`);
      return undefined;
    }
    try {
      await rename(path, join(this.directory, `${id}${SEGMENT_SUFFIX}`));
    } catch (error) {
      ignoreMissing(error as NodeJS.ErrnoException);
      return undefined;
    }
    return id;
  }

  /**
   * Reads one segment; undefined when it is gone (another holder took it).
   * An unreadable one is set aside in `unreadable/` (never dropped, never
   * retried forever) and reads as undefined too.
   */
  async read(id: string): Promise<SpoolSegment | undefined> {
    const name = `${id}${SEGMENT_SUFFIX}`;
    const path = join(this.directory, name);
    try {
      return { id, operations: decodeOperations(await readFile(path, 'utf8')) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      await mkdir(join(this.directory, 'unreadable'), { recursive: true });
      await rename(path, join(this.directory, 'unreadable', name));
      console.warn(`[assay] spool segment ${name} could not be read and was moved to spool/unreadable/: ${String(error)}`);
      return undefined;
    }
  }

  /** Removes an applied segment (already gone is fine). */
  async remove(id: string): Promise<void> {
    await unlink(join(this.directory, `${id}${SEGMENT_SUFFIX}`)).catch(ignoreMissing);
  }
}
