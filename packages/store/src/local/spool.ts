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
function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? { $number: String(item) } : item));
}

/** Writes as spool segments hold them (NaN and ±Infinity included). */
export function encodeOperations(operations: readonly WriteOperation[]): string {
  return encodeJson(operations);
}

/**
 * Who handed a list of writes over, for writes that carry sequence numbers
 * (a LocalStore's worker thread): the writer, and each operation's sequence
 * number, index-aligned. Whoever applies them skips those at or below the
 * writer's mark in `applied_writes` (see applied-writes.ts).
 */
export interface WriteOrigin {
  /** The writer's id, unique per writer (a LocalStore instance, a server's client). */
  writer: string;
  /** One per operation, increasing per writer. */
  sequences: readonly number[];
  /**
   * One per operation when they come from several writers (a LocalStore
   * applying its own writes and a server's clients' in one transaction): the
   * writer of each, instead of `writer`.
   */
  writers?: readonly string[];
}

/** Another writer's write that a LocalStore applies for it (a server's client): that writer and its sequence number. */
export interface ForeignOrigin {
  /** The writer that made the write. */
  writer: string;
  /** Its sequence number among that writer's writes. */
  sequence: number;
}

/**
 * The origin of writes a LocalStore hands to its database: each its own
 * writer's sequence number, except a write with a foreign origin, which is
 * applied once per that writer's sequence number instead.
 */
export function writeOriginOf(writer: string, writes: readonly { sequence: number; origin?: ForeignOrigin | undefined }[]): WriteOrigin {
  const foreign = writes.some((write) => write.origin !== undefined);
  return {
    writer,
    sequences: writes.map((write) => write.origin?.sequence ?? write.sequence),
    ...(foreign ? { writers: writes.map((write) => write.origin?.writer ?? writer) } : {}),
  };
}

/** A segment's file: a plain list of writes, or (with sequence numbers) an object that also names the writer(s). */
type SegmentFile = WriteOperation[] | { writer: string; writers?: string[]; sequences: number[]; operations: WriteOperation[] };

function encodeSegment(operations: readonly WriteOperation[], origin: WriteOrigin | undefined): string {
  if (!origin) return encodeOperations(operations);
  if (origin.sequences.length !== operations.length || (origin.writers !== undefined && origin.writers.length !== operations.length)) {
    throw new Error('A spool segment needs one sequence number (and writer, if several) per write.');
  }
  return encodeJson({ writer: origin.writer, ...(origin.writers !== undefined ? { writers: origin.writers } : {}), sequences: origin.sequences, operations });
}

function decodeSegment(text: string): { operations: WriteOperation[]; origin?: WriteOrigin } {
  const parsed = JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && '$number' in value ? Number((value as { $number: string }).$number) : value,
  ) as SegmentFile;
  if (Array.isArray(parsed)) return { operations: parsed };
  if (
    !Array.isArray(parsed.operations) ||
    !Array.isArray(parsed.sequences) ||
    parsed.sequences.length !== parsed.operations.length ||
    (parsed.writers !== undefined && (!Array.isArray(parsed.writers) || parsed.writers.length !== parsed.operations.length))
  ) {
    throw new Error('not a list of writes');
  }
  return {
    operations: parsed.operations,
    origin: { writer: String(parsed.writer), sequences: parsed.sequences, ...(parsed.writers !== undefined ? { writers: parsed.writers.map(String) } : {}) },
  };
}

// The segment clock: milliseconds shifted left by COUNTER_BITS, plus a counter
// within the millisecond, in one shared cell, so that the threads of a process
// that spool (the app thread and a LocalStore's worker) hand out ids in the
// order they were asked for, even within one millisecond.
const COUNTER_BITS = 20n;
let clock = new BigInt64Array(new SharedArrayBuffer(8));

/** This thread's segment clock, to share with a worker thread that spools into the same stores (see useSegmentClock). */
export function segmentClockBuffer(): SharedArrayBuffer {
  return clock.buffer as SharedArrayBuffer;
}

/** Makes this thread use another thread's segment clock (a worker thread, with the buffer its creator passed on). */
export function useSegmentClock(buffer: SharedArrayBuffer): void {
  clock = new BigInt64Array(buffer, 0, 1);
}

function nextSegmentId(): string {
  let tick: bigint;
  for (;;) {
    const last = Atomics.load(clock, 0);
    const now = BigInt(Date.now()) << COUNTER_BITS;
    tick = now > last ? now : last + 1n;
    if (Atomics.compareExchange(clock, 0, last, tick) === last) break;
  }
  const time = Number(tick >> COUNTER_BITS);
  const count = Number(tick & ((1n << COUNTER_BITS) - 1n));
  const random = Math.random().toString(36).slice(2, 8);
  return `${time.toString(36).padStart(10, '0')}-${process.pid}-${count.toString(36).padStart(8, '0')}-${random}`;
}

/** One complete segment of the spool. */
export interface SpoolSegment {
  /** The segment's id: its file name without the suffix; ids sort in the order segments were written. */
  id: string;
  /** Its writes, in order. */
  operations: WriteOperation[];
  /** Who handed them over, when they carry sequence numbers. */
  origin?: WriteOrigin;
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
  async write(operations: readonly WriteOperation[], origin?: WriteOrigin): Promise<string> {
    await this.ensureDirectory();
    return this.writeSync(operations, origin);
  }

  /** The same as write, synchronously: usable from a process 'exit' handler. */
  writeSync(operations: readonly WriteOperation[], origin?: WriteOrigin): string {
    const id = nextSegmentId();
    const temporary = join(this.directory, `${TEMPORARY_PREFIX}${id}`);
    const descriptor = openSync(temporary, 'w');
    try {
      writeSync(descriptor, encodeSegment(operations, origin));
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
      decodeSegment(text);
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
      return { id, ...decodeSegment(await readFile(path, 'utf8')) };
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
