import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { AssayError, Mutex, errorMessage, type StoreDamagedError, type WriteOperation } from '@assay/core';
import { asDamageError } from '../duckdb/diagnose-damage.js';
import { isLockConflict } from '../duckdb/open-duckdb.js';
import { DuckDbStore, type DuckDbStoreOptions } from '../duckdb-store.js';
import { isProcessAlive } from '../process-identity.js';
import { sortKeyValueTables } from '../maintenance/sort-key-value-tables.js';
import { applyWrites, type RejectedTracesByWrite } from '../writes/apply-writes.js';
import { originsOf, recordAppliedSequences, skipAppliedWrites } from './applied-writes.js';
import { ingestSpool } from './ingest-spool.js';
import type { Spool, WriteOrigin } from './spool.js';
import { BusyDatabase, waitForDatabase } from './wait-for-database.js';
import { liveWaitingMarkers } from './waiting-markers.js';
import { readServerAnnouncement } from './server-announcement.js';
import { StoreServedError } from './store-served-error.js';

/** How a DatabaseLease takes and gives back the database file. */
export interface DatabaseLeaseOptions {
  /** The database file. */
  databasePath: string;
  /** Where the opened store keeps `mlflow-artifacts:/` artifacts. */
  artifactRoot: string;
  /** Where writes go while the file is busy or damaged; the next holder ingests it. */
  spool: Spool;
  /** Processes waiting for the database leave a marker here; holders then step aside. */
  waitingDirectory: string;
  /** Keep the database open this long after the last operation. */
  lingerMs: number;
  /** Longest continuous hold before stepping aside for waiting processes. */
  maxHoldMs: number;
  /** How long an operation that must reach the database waits for another process. */
  busyTimeoutMs: number;
  /** Runs each time this lease opens the database, after the spool is ingested; its failure is reported, not thrown. */
  afterOpen?: (database: DuckDbStore) => Promise<void>;
  /**
   * DuckDB's WAL size that makes a commit checkpoint (DuckDB's
   * `checkpoint_threshold`); default DuckDB's own (16 MB). A holder that
   * checkpoints when idle (see checkpointIfLarge) sets it high, so that
   * commits do not.
   */
  checkpointThreshold?: string;
  /**
   * Keep the file from the first operation until close, never stepping
   * aside for waiting processes (`assay server`, which other processes then
   * reach over HTTP). Default false.
   */
  holdUntilClosed?: boolean;
  /**
   * Stop waiting for the file, with StoreServedError, once an `assay server`
   * has announced itself in the store directory (it holds the file until it
   * stops): for stores whose owner can talk to it instead. Default false.
   */
  yieldToServer?: boolean;
}

/** The file's identity and version: it changes when the file is replaced or written. */
async function fileVersion(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.size === 0 ? undefined : `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isDamage(error: unknown): error is StoreDamagedError {
  return AssayError.isInstance(error) && error.code === 'STORE_DAMAGED';
}

/**
 * Short, exclusive leases on a DuckDB file shared by several processes.
 * DuckDB lets one process open a file at a time, so the database is opened
 * per operation (waiting in turn, first come first served, while another
 * process holds it: see waitForDatabase), kept for `lingerMs` after the last
 * operation, and handed over at once when another process waits for it (at
 * once when idle, after `maxHoldMs` when busy). Every new holder ingests the
 * spool before anything else, so it sees every acknowledged write.
 * Operations run one at a time.
 */
export class DatabaseLease {
  private lease: DuckDbStore | undefined;
  private leaseStartedAt = 0;
  private releaseTimer: NodeJS.Timeout | undefined;
  // Watches the waiting directory while the lease is held, to release it as soon as another process waits.
  private waiterWatch: FSWatcher | undefined;
  // One lease operation at a time, in order.
  private readonly operations = new Mutex();
  private closed = false;
  /** The file found damaged, and which version of it: it is not opened again until it changes (e.g. `assay store recover`). */
  private damaged: { version: string; error: StoreDamagedError } | undefined;
  /** Whether the current damage was reported to the user already. */
  private damageReported = false;
  /** Set by stop(): no more waiting for the file (the process is exiting). */
  private stopping = false;
  /** Aborted by stop(): a wait for the file in progress gives up. */
  private readonly stopped = new AbortController();

  constructor(private readonly options: DatabaseLeaseOptions) {}

  /**
   * Runs `work` on the database, waiting for other processes if needed
   * (StoreBusyError after busyTimeoutMs, StoreDamagedError for a damaged file).
   */
  withDatabase<T>(work: (database: DuckDbStore) => Promise<T>): Promise<T> {
    return this.serialized(async () => {
      const database = (await this.acquire(true))!;
      try {
        return await work(database);
      } catch (error) {
        throw await this.noticeDamage(error);
      } finally {
        await this.scheduleRelease();
      }
    });
  }

  /** Runs `work` on the database if it can be had without waiting; undefined when it is busy or damaged. */
  tryWithDatabase<T>(work: (database: DuckDbStore) => Promise<T>): Promise<{ value: T } | undefined> {
    return this.serialized(async () => {
      const database = await this.acquire(false).catch((error: unknown) => {
        if (isDamage(error)) return undefined;
        throw error;
      });
      if (!database) return undefined;
      try {
        return { value: await work(database) };
      } catch (error) {
        throw await this.noticeDamage(error);
      } finally {
        await this.scheduleRelease();
      }
    });
  }

  /**
   * Applies writes now if the database is free, else spools them: also when
   * the file is damaged, so that nothing acknowledged is lost. Resolves once
   * they are durable. Writes with an origin (sequence numbers) skip those
   * their writer's mark shows applied, and move the mark in the same
   * transaction; spooled, they keep their origin.
   * @returns the span writes that had spans left out (see applyWrites); none when spooled (the spool's ingest records them).
   */
  write(operations: readonly WriteOperation[], origin?: WriteOrigin): Promise<RejectedTracesByWrite> {
    return this.serialized(async () => {
      let database: DuckDbStore | undefined;
      try {
        database = await this.acquire(false);
      } catch (error) {
        if (!isDamage(error)) throw error;
        await this.spoolWhileDamaged(operations, origin, error);
        return new Map();
      }
      if (!database) {
        await this.options.spool.write(operations, origin);
        return new Map();
      }
      try {
        return origin ? await applyOnce(database, operations, origin) : await database.applyWrites(operations);
      } catch (error) {
        const damage = await this.noticeDamage(error);
        if (!isDamage(damage)) throw damage;
        await this.spoolWhileDamaged(operations, origin, damage);
        return new Map();
      } finally {
        await this.scheduleRelease();
      }
    });
  }

  /**
   * Checkpoints the held database (writes its WAL into the file) when the
   * WAL has grown past `walBytes`; nothing when the database is not held.
   * For an idle moment, so that commits need not checkpoint.
   */
  checkpointIfLarge(walBytes: number): Promise<void> {
    return this.serialized(async () => {
      if (!this.lease) return;
      const wal = await stat(`${this.options.databasePath}.wal`).catch(() => undefined);
      if (!wal || wal.size < walBytes) return;
      try {
        await this.lease.exclusive((connection) => connection.run('CHECKPOINT'));
      } catch (error) {
        throw await this.noticeDamage(error);
      }
    });
  }

  /**
   * Re-sorts the held database's key/value tables that have enough unsorted
   * rows (see sortKeyValueTables), one table at a time, stopping before the
   * next one once another process waits for the file or `hostBusy` says
   * requests wait here; then checkpoints if it sorted any. Nothing when the
   * database is not held. For an idle moment: a table's sort cannot be cut
   * short.
   * @returns whether it stopped with a table still to sort.
   */
  sortTablesIfDue(hostBusy: () => boolean): Promise<boolean> {
    return this.serialized(async () => {
      if (!this.lease) return false;
      try {
        return await this.lease.exclusive(async (connection) => {
          const { sorted, stopped } = await sortKeyValueTables(connection, async () => hostBusy() || (await this.othersWaiting()));
          // The dropped tables' blocks become free for reuse only at a checkpoint, and the sort leaves
          // the WAL nearly empty (DuckDB writes the new table's row groups to the file directly), so
          // checkpointIfLarge would not run one: without it each sort grew the file by a copy of the
          // table (measured: +21 MB per sort of 1,000,000 params rows; with it, none). ~70 ms after
          // sorting 2.2M rows.
          if (sorted.length > 0) await connection.run('CHECKPOINT');
          return stopped;
        });
      } catch (error) {
        throw await this.noticeDamage(error);
      }
    });
  }

  /**
   * Stops for good (the process is exiting): a wait for the file in progress
   * gives up at once, the operation in progress finishes, nothing new starts
   * and the linger and hand-over watches end. Resolves once no DuckDB call
   * is in flight; releaseSync then closes the file. (DuckDB's bindings abort
   * the process if a thread is torn down while one of its calls is pending.)
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort(new AssayError('INTERNAL_ERROR', 'The store stopped waiting for its database file: the process is exiting.'));
    await this.operations.whenIdle();
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    this.stopWatchingForWaiters();
  }

  /** Moves spooled writes into the database if it can be had without waiting; otherwise leaves them spooled. */
  flush(): Promise<void> {
    return this.serialized(async () => {
      if ((await this.options.spool.pending()).length === 0) return;
      const database = await this.acquire(false).catch((error: unknown) => {
        if (isDamage(error)) return undefined;
        throw error;
      });
      if (database) await this.scheduleRelease();
    });
  }

  /** Releases the database for good; operations after this reject. */
  async close(): Promise<void> {
    await this.serialized(async () => {
      if (this.releaseTimer) clearTimeout(this.releaseTimer);
      await this.release();
    });
    this.closed = true;
  }

  /** Releases the database file at once (for process exit). */
  releaseSync(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.stopWatchingForWaiters();
    this.lease?.closeSync();
    this.lease = undefined;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.'));
    if (this.stopping) return Promise.reject(new AssayError('INTERNAL_ERROR', 'The store stopped: the process is exiting.'));
    return this.operations.runExclusive(work);
  }

  /**
   * Turns an error that says the file is damaged into StoreDamagedError,
   * lets the file go and remembers it as damaged (writes then spool); other
   * errors come back as they are.
   */
  private async noticeDamage(error: unknown): Promise<unknown> {
    const damage = asDamageError(error, this.options.databasePath);
    if (!isDamage(damage)) return damage;
    await this.release().catch(() => undefined);
    const version = await fileVersion(this.options.databasePath);
    if (version !== undefined) this.rememberDamage(version, damage);
    return damage;
  }

  private rememberDamage(version: string, error: StoreDamagedError): void {
    if (this.damaged?.version !== version) this.damageReported = false;
    this.damaged = { version, error };
  }

  /** Spools writes the damaged database cannot take, and tells the user once per damage. */
  private async spoolWhileDamaged(operations: readonly WriteOperation[], origin: WriteOrigin | undefined, error: StoreDamagedError): Promise<void> {
    await this.options.spool.write(operations, origin);
    if (this.damageReported) return;
    this.damageReported = true;
    console.warn(`[assay] ${error.message}`);
  }

  /** Opens the database; a BusyDatabase while another process holds it (or is creating it). */
  private async tryOpen(): Promise<DuckDbStore | BusyDatabase> {
    const version = await fileVersion(this.options.databasePath);
    if (version === undefined) return await this.tryCreate();
    if (this.damaged?.version === version) throw this.damaged.error;
    try {
      const opened = await DuckDbStore.open(this.storeOptions());
      this.damaged = undefined;
      return opened;
    } catch (error) {
      if (isLockConflict(error)) return new BusyDatabase(error);
      const damage = asDamageError(error, this.options.databasePath);
      if (isDamage(damage)) this.rememberDamage(version, damage);
      throw damage;
    }
  }

  /**
   * Creates the database file, one process at a time: DuckDB creates a file
   * (truncating it) before it locks it, so processes that create the same
   * file at once can leave each other an empty, invalid one. The creator
   * holds `<database>.creating` (with its pid); the others wait as for a lock.
   * (`assay store recover` holds it too while it puts a new file in place.)
   */
  private async tryCreate(): Promise<DuckDbStore | BusyDatabase> {
    const marker = `${this.options.databasePath}.creating`;
    try {
      await writeFile(marker, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A creator that died leaves its marker behind: remove it and try again next round. (An empty
      // marker is one being written.)
      const creator = Number(await readFile(marker, 'utf8').catch(() => ''));
      if (Number.isInteger(creator) && creator > 0 && creator !== process.pid && !isProcessAlive(creator)) await rm(marker, { force: true });
      return new BusyDatabase(undefined, Number.isInteger(creator) && creator > 0 ? creator : undefined);
    }
    try {
      // Another process may have created it since; an empty file is one whose creation was cut short.
      if ((await fileVersion(this.options.databasePath)) === undefined) await rm(this.options.databasePath, { force: true });
      return await DuckDbStore.open(this.storeOptions());
    } finally {
      await rm(marker, { force: true });
    }
  }

  private storeOptions(): DuckDbStoreOptions {
    const { databasePath, artifactRoot, checkpointThreshold } = this.options;
    return { path: databasePath, artifactRoot, ...(checkpointThreshold !== undefined ? { checkpointThreshold } : {}) };
  }

  /** True when another process is waiting for the database (stale markers of dead processes are removed). */
  private async othersWaiting(): Promise<boolean> {
    if (this.options.holdUntilClosed === true) return false;
    const markers = await liveWaitingMarkers(this.options.waitingDirectory);
    return markers.some((marker) => marker.pid !== process.pid);
  }

  /**
   * Returns the held database, opening it (and ingesting the spool) if needed.
   * Without `wait`, gives up at once when the file is busy or another process
   * is waiting for it (the caller spools instead) and returns undefined.
   */
  private async acquire(wait: boolean): Promise<DuckDbStore | undefined> {
    if (this.releaseTimer) {
      clearTimeout(this.releaseTimer);
      this.releaseTimer = undefined;
    }
    // Processes that wait for the file leave a marker (below): look for one
    // when the lease was held long or when this write could go to the spool.
    const heldLong = this.lease !== undefined && Date.now() - this.leaseStartedAt > this.options.maxHoldMs;
    const othersWaiting = heldLong || !wait ? await this.othersWaiting() : false;
    if (heldLong && othersWaiting) {
      // Step aside so the others get a turn, then come back: waitForDatabase
      // queues this process behind those already waiting. Nobody waiting:
      // keep the lease (closing checkpoints the file, which costs).
      await this.release();
    } else if (heldLong) {
      this.leaseStartedAt = Date.now();
    }
    if (!wait && othersWaiting) {
      // Someone needs the file to read; writes can go to the spool meanwhile.
      await this.release();
      return undefined;
    }
    const opening = !this.lease;
    if (!this.lease) {
      const { databasePath, waitingDirectory, busyTimeoutMs } = this.options;
      const opened = wait
        ? await waitForDatabase({
            databasePath,
            waitingDirectory,
            timeoutMs: busyTimeoutMs,
            signal: this.stopped.signal,
            tryOpen: () => {
              if (this.stopping) throw new AssayError('INTERNAL_ERROR', 'The store stopped waiting for its database file: the process is exiting.');
              this.yieldIfServed();
              return this.tryOpen();
            },
          })
        : await this.tryOpen();
      if (opened instanceof BusyDatabase) return undefined;
      this.lease = opened;
      this.leaseStartedAt = Date.now();
      this.watchForWaiters();
    }
    const database = this.lease;
    try {
      await ingestSpool({ spool: this.options.spool, store: database });
    } catch (error) {
      throw await this.noticeDamage(error);
    }
    if (opening) {
      await this.options.afterOpen?.(database).catch((error: unknown) => {
        console.warn(`[assay] ${errorMessage(error)}`);
      });
    }
    return database;
  }

  /** With yieldToServer: StoreServedError once a live server has announced itself in the store directory (it holds the file). */
  private yieldIfServed(): void {
    if (this.options.yieldToServer !== true) return;
    const announcement = readServerAnnouncement(dirname(this.options.databasePath));
    if (announcement === undefined || announcement.pid === process.pid) return;
    throw new StoreServedError(`The store ${dirname(this.options.databasePath)} is served by the Assay server at ${announcement.url} (pid ${announcement.pid}), which holds its file.`, {
      url: announcement.url,
    });
  }

  /** Releases after `lingerMs` idle, or at once when another process is waiting; never with holdUntilClosed. */
  private async scheduleRelease(): Promise<void> {
    if (!this.lease || this.closed || this.options.holdUntilClosed === true) return;
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    if (await this.othersWaiting()) {
      await this.release();
      return;
    }
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      void this.serialized(() => this.release()).catch((error: unknown) => {
        if (!this.stopping) console.warn(`[assay] could not release the store: ${String(error)}`);
      });
    }, this.options.lingerMs);
    this.releaseTimer.unref();
  }

  private async release(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    this.stopWatchingForWaiters();
    if (lease) await lease.close();
  }

  /**
   * While the lease is held, a marker appearing in the waiting directory
   * releases it (after the operation in progress). Where the file system
   * cannot be watched, waiters get the file when the lease lingers out.
   */
  private watchForWaiters(): void {
    if (this.waiterWatch || this.options.holdUntilClosed === true) return;
    try {
      mkdirSync(this.options.waitingDirectory, { recursive: true });
      this.waiterWatch = watch(this.options.waitingDirectory, () => this.onWaiterMarker());
      this.waiterWatch.on('error', () => this.stopWatchingForWaiters());
      this.waiterWatch.unref();
    } catch {
      this.waiterWatch = undefined;
    }
  }

  private stopWatchingForWaiters(): void {
    this.waiterWatch?.close();
    this.waiterWatch = undefined;
  }

  private onWaiterMarker(): void {
    if (!this.lease || this.closed || this.stopping) return;
    void this.serialized(async () => {
      if (this.lease && (await this.othersWaiting())) {
        if (this.releaseTimer) clearTimeout(this.releaseTimer);
        this.releaseTimer = undefined;
        await this.release();
      }
    }).catch((error: unknown) => {
      if (!this.stopping) console.warn(`[assay] could not release the store: ${String(error)}`);
    });
  }
}

/**
 * Applies writes that carry sequence numbers in one transaction: those at
 * or below their writer's mark were applied before (a write sent again after
 * a crash) and are skipped; the mark moves in the same transaction.
 */
async function applyOnce(database: DuckDbStore, operations: readonly WriteOperation[], origin: WriteOrigin): Promise<RejectedTracesByWrite> {
  return database.transaction(async (connection) => {
    const { fresh, marks } = await skipAppliedWrites(connection, { operations, origins: originsOf(operations, origin) });
    const rejected = await applyWrites(
      connection,
      fresh.map(({ operation }) => operation),
      { prices: database.modelPrices },
    );
    await recordAppliedSequences(connection, marks);
    return rejected;
  });
}
