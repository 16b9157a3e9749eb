import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { WriteOperation } from '@assay/core';
import { currentProcessIdentity, isSameProcessRunning } from '@assay/store/process';
import { encodeOperations, Spool } from '@assay/store/spool';

/** The environment variable naming the folder where HTTP stores spool writes their server cannot take (one subfolder per server). */
export const HTTP_SPOOL_DIR_ENV = 'ASSAY_HTTP_SPOOL_DIR';

const WRITER_FILE = 'writer.json';
const ADOPTED = 'adopted';
const REJECTED_FILE = 'rejected.jsonl';

/** Who owns a writer folder. */
interface WriterFile {
  writer: string;
  host: string;
  pid: number;
  startTime: number;
}

/**
 * Where the writes for one server are spooled by default:
 * `$ASSAY_HTTP_SPOOL_DIR/<server>`, else `~/.assay/http-spool/<server>`,
 * `<server>` being its host and port and a digest of its URL.
 */
export function defaultSpoolDirectory(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port !== '' ? parsed.port : parsed.protocol === 'https:' ? '443' : '80';
  const name = `${parsed.hostname.replace(/[^a-zA-Z0-9.-]/gu, '_')}_${port}-${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
  const root = process.env[HTTP_SPOOL_DIR_ENV];
  return join(root !== undefined && root !== '' ? root : join(homedir(), '.assay', 'http-spool'), name);
}

function readWriterFile(folder: string): WriterFile | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, WRITER_FILE), 'utf8')) as WriterFile;
  } catch {
    return undefined;
  }
}

function ignoreMissing(error: unknown): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
}

/**
 * The writes one HTTP store could not hand to its server, kept until it can:
 * under the server's spool folder, a folder per writer (one per store
 * instance, named by its writer id and holding `writer.json`: host, process
 * and start time), each a Spool of segments whose writes carry the writer's
 * sequence numbers (so that the server applies each once however often it
 * is sent). A writer whose process is gone leaves its folder behind; the next
 * store for the same server adopts it (moves it under its own `adopted/`,
 * atomically, so that only one adopts it) and sends its writes. Writes the
 * server refuses when they are sent at last are appended to `rejected.jsonl`.
 */
export class ServerSpool {
  /** This writer's folder. */
  readonly directory: string;
  /** This writer's segments. */
  readonly own: Spool;
  private created = false;

  constructor(
    /** The server's spool folder (see defaultSpoolDirectory). */
    readonly root: string,
    /** This store's writer id. */
    readonly writer: string,
  ) {
    this.directory = join(root, writer);
    this.own = new Spool(this.directory);
  }

  private ensureDirectory(): void {
    if (this.created) return;
    mkdirSync(this.directory, { recursive: true });
    const identity = currentProcessIdentity();
    writeFileSync(join(this.directory, WRITER_FILE), JSON.stringify({ writer: this.writer, host: identity.host, pid: identity.pid, startTime: identity.startTime } satisfies WriterFile));
    this.created = true;
  }

  /** Durably appends writes with their sequence numbers (synchronously: also from a process 'exit' handler); returns the segment's id. */
  writeSync(operations: readonly WriteOperation[], sequences: readonly number[]): string {
    this.ensureDirectory();
    return this.own.writeSync(operations, { writer: this.writer, sequences });
  }

  /**
   * Adopts the folders of writers whose process is gone (on this host) and
   * returns the spools to send, oldest writers first: adopted ones (and what
   * they had adopted), depth first.
   */
  adoptOrphans(): Spool[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return this.adopted();
    }
    const here = hostname();
    for (const name of names) {
      if (name === this.writer || name === REJECTED_FILE) continue;
      const folder = join(this.root, name);
      const owner = readWriterFile(folder);
      // A folder without its writer file may be one being created this instant: left alone.
      if (owner === undefined || owner.host !== here || isSameProcessRunning({ pid: owner.pid, startTime: owner.startTime })) continue;
      this.ensureDirectory();
      mkdirSync(join(this.directory, ADOPTED), { recursive: true });
      try {
        renameSync(folder, join(this.directory, ADOPTED, name));
      } catch (error) {
        ignoreMissing(error);
      }
    }
    return this.adopted();
  }

  /** The adopted writers' spools, depth first (what an adopted writer had adopted comes before it). */
  adopted(): Spool[] {
    const spools: Spool[] = [];
    const visit = (folder: string): void => {
      let names: string[];
      try {
        names = readdirSync(join(folder, ADOPTED));
      } catch {
        return;
      }
      for (const name of names.sort()) {
        const child = join(folder, ADOPTED, name);
        visit(child);
        spools.push(new Spool(child));
      }
    };
    visit(this.directory);
    return spools;
  }

  /** Removes an adopted writer's folder once its segments are sent (a folder with something left, an unreadable segment say, stays, to be adopted again). */
  removeIfEmpty(spool: Spool): void {
    let names: string[];
    try {
      names = readdirSync(spool.directory);
    } catch {
      return;
    }
    const isEmptyFolder = (name: string): boolean => {
      try {
        return readdirSync(join(spool.directory, name)).length === 0;
      } catch {
        return false;
      }
    };
    if (names.every((name) => name === WRITER_FILE || (name === ADOPTED && isEmptyFolder(name)))) rmSync(spool.directory, { recursive: true, force: true });
  }

  /** Removes this writer's folder when nothing is left in it (the store closes with nothing spooled). */
  removeOwnIfEmpty(): void {
    if (!this.created) return;
    try {
      const names = readdirSync(this.directory).filter((name) => name !== WRITER_FILE && !(name === ADOPTED && readdirSync(join(this.directory, ADOPTED)).length === 0));
      if (names.length > 0) return;
      rmSync(this.directory, { recursive: true, force: true });
      this.created = false;
    } catch (error) {
      ignoreMissing(error);
    }
  }

  /** Keeps writes the server refused when they were sent from the spool, one JSON line each, beside the writers' folders. */
  recordRejected(entries: readonly { writer: string; sequence: number; operation: WriteOperation; error: string }[]): string {
    const file = join(this.root, REJECTED_FILE);
    if (entries.length === 0) return file;
    mkdirSync(this.root, { recursive: true });
    const now = new Date().toISOString();
    appendFileSync(
      file,
      entries.map((entry) => `{"time":${JSON.stringify(now)},"writer":${JSON.stringify(entry.writer)},"sequence":${entry.sequence},"error":${JSON.stringify(entry.error)},"operation":${encodeOperations([entry.operation]).slice(1, -1)}}\n`).join(''),
    );
    return file;
  }
}

/** Options of spoolForServerSync. */
export interface SpoolForServerSyncOptions {
  /** The server's URL (canonical, without a trailing slash). */
  url: string;
  /** Default: the server's default spool folder (see defaultSpoolDirectory). */
  spoolDirectory?: string;
  /** The writes, logSpans with packed rows only. */
  operations: readonly WriteOperation[];
}

/**
 * Spools writes for a server synchronously, under a writer of their own, for
 * a process that exits before its HTTP store was opened (its first trace was
 * still finding its destination): the next HTTP store for that server, in
 * any process, adopts and sends them.
 */
export function spoolForServerSync({ url, spoolDirectory, operations }: SpoolForServerSyncOptions): void {
  if (operations.length === 0) return;
  const spool = new ServerSpool(spoolDirectory ?? defaultSpoolDirectory(url), randomUUID());
  spool.writeSync(
    operations,
    operations.map((_operation, index) => index + 1),
  );
}
