import { AssayError, errorMessage, type WriteOperation } from '@assay/core';
import type { Spool, SpoolSegment } from '@assay/store/spool';
import type { HttpClient } from './http-client.js';
import { backoffDelayMs, resolveRetryOptions, type RetryOptions } from './retry-policy.js';
import { errorFromBody, ServerUnreachableError } from './server-errors.js';
import type { ServerSpool } from './server-spool.js';
import type { RunInfoJson, RunJson } from './wire/from-mlflow-json.js';
import { toWriteJson } from './wire/to-wire-json.js';

/** The server's route for sequenced writes. */
export const WRITES_PATH = '/api/assay/v1/writes';

/** What the server answered for one write. */
export interface WriteResultJson {
  sequence: number;
  run?: RunJson;
  run_info?: RunInfoJson;
  parent_run_id?: string;
  error?: { error_code: string; message: string };
}

/** How a write was acknowledged: applied by the server (with its answer), or kept in the spool until the server takes it. */
export type WriteAck = { kind: 'applied'; result: WriteResultJson } | { kind: 'spooled' };

/** What is spooled for a server and not yet sent, as `HttpStore.spoolStatus()` reports it. */
export interface SpoolStatus {
  /** The server's spool folder. */
  directory: string;
  /** Writes of this store waiting in the spool. */
  writes: number;
  /** Whether writes that stores of ended processes spooled for this server, adopted by this store, wait too. */
  adopted: boolean;
  /** Why the last try to send them failed, if it did. */
  lastError?: string;
}

interface PendingWrite {
  sequence: number;
  operation: WriteOperation;
  /** The write as the route takes it, serialised once. */
  json: string;
  settled: boolean;
  /** Settles with the write (never rejects): what barrier() waits for. */
  done: Promise<unknown>;
  resolve: (ack: WriteAck) => void;
  reject: (error: unknown) => void;
}

/** Options of WriteSender. */
export interface WriteSenderOptions {
  client: HttpClient;
  spool: ServerSpool;
  /** Largest request body, in characters of JSON; a single larger write goes alone. Default 8,000,000. */
  maxRequestCharacters?: number;
  /** The replayer's retries between its attempts (it has its own schedule). */
  replay?: RetryOptions;
}

const MAX_WRITES_PER_REQUEST = 5000;

function settle(write: PendingWrite, outcome: { ack: WriteAck } | { error: unknown }): void {
  if (write.settled) return;
  write.settled = true;
  if ('ack' in outcome) write.resolve(outcome.ack);
  else write.reject(outcome.error);
}

/**
 * One HTTP store's writes of runs, metrics, params, tags, spans and
 * evaluation rows, on their way to the server's `POST /api/assay/v1/writes`.
 * Each gets the store's next sequence number; they go in order, those made
 * while a request is out together in the next (one request at a time: the
 * server must see a writer's writes in order). A request that fails for a
 * passing reason is sent again (the client's retries: the server applies a
 * write once per sequence number, so a copy whose first send was applied is
 * skipped). When the server stays out of reach, the writes go to the
 * durable spool and are acknowledged there; later writes follow them into
 * the spool until it has been sent, in order, by the replayer (in the
 * background, with backoff, and at flush()). At process exit, writeSync
 * spools whatever was not acknowledged.
 */
export class WriteSender {
  private nextSequence = 1;
  private queue: PendingWrite[] = [];
  private inFlight: PendingWrite[] = [];
  private pumping: Promise<void> | undefined;
  /** Segments this writer spooled that the server has not taken yet; while there are any, new writes are spooled behind them. */
  private ownSegments = 0;
  private ownWrites = 0;
  private adoptedPending = false;
  private adoptionChecked = false;
  private replaying: Promise<boolean> | undefined;
  private replayTimer: NodeJS.Timeout | undefined;
  private replayFailures = 0;
  private lastError: string | undefined;
  private warnedSpooling = false;
  private closed = false;
  private maxRequestCharacters: number;
  private readonly replayRetry: RetryOptions;

  constructor(private readonly options: WriteSenderOptions) {
    this.maxRequestCharacters = options.maxRequestCharacters ?? 8_000_000;
    this.replayRetry = options.replay ?? { attempts: 1 };
  }

  /** The writer id the server knows this store's writes by. */
  get writer(): string {
    return this.options.spool.writer;
  }

  /** Queues a write (a logSpans already packed); resolves once the server applied it or it is spooled, rejects when the server refuses it. */
  send(operation: WriteOperation): Promise<WriteAck> {
    if (this.closed) return Promise.reject(new AssayError('INTERNAL_ERROR', 'This store is closed; open a new one.'));
    const sequence = this.nextSequence++;
    const json = JSON.stringify(toWriteJson(sequence, operation));
    let write: PendingWrite | undefined;
    const acknowledged = new Promise<WriteAck>((resolve, reject) => {
      write = { sequence, operation, json, settled: false, done: Promise.resolve(), resolve, reject };
    });
    write!.done = acknowledged.then(
      () => undefined,
      () => undefined,
    );
    this.queue.push(write!);
    if (!this.adoptionChecked) this.checkAdoption();
    this.pump();
    return acknowledged;
  }

  /** Resolves once every write queued before the call is acknowledged or refused (not those queued after: a steady stream of writes does not hold it up). */
  async barrier(): Promise<void> {
    const pending = [...this.inFlight, ...this.queue];
    if (pending.length > 0) await pending[pending.length - 1]!.done;
  }

  /**
   * Before a read: the writes queued before it acknowledged and, when this
   * writer's spool holds some (acknowledged from there), one quick try to
   * send them, so that a read once the server is back sees them.
   */
  async beforeRead(): Promise<void> {
    await this.barrier();
    if (this.ownSegments > 0) await this.replay(true, { attempts: 1 });
  }

  /**
   * Sends everything: the queue, then the spool (this writer's and adopted
   * ones), trying the server now. Resolves when all of it was taken, or
   * after the try, with what is still spooled warned about (never throws
   * for a server out of reach: the spool keeps the writes).
   */
  async flush(): Promise<void> {
    await this.barrier();
    if (!this.adoptionChecked) this.checkAdoption();
    if (!this.hasSpooled()) return;
    const sent = await this.replay(true, undefined);
    if (!sent && this.hasSpooled()) {
      const status = this.status();
      console.warn(
        `[assay] ${status.writes} write(s)${status.adopted ? ' (and writes of ended processes)' : ''} are still spooled in ${status.directory}: the server at ${this.options.client.url} ` +
          `did not take them (${status.lastError ?? 'unreachable'}). They are sent when it is back: in the background by this process, ` +
          'or by the next one that uses this server.',
      );
    }
  }

  /** What waits in the spool. */
  status(): SpoolStatus {
    return {
      directory: this.options.spool.root,
      writes: this.ownWrites,
      adopted: this.adoptedPending,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /**
   * At process exit (synchronous): spools, in order, every write not yet
   * acknowledged (those being sent too: the server skips a copy it applied)
   * and then `operations` with new sequence numbers, and acknowledges them.
   */
  writeSync(operations: readonly WriteOperation[]): void {
    const pending = [...this.inFlight, ...this.queue].filter((write) => !write.settled);
    this.queue = [];
    const extra = operations.map((operation) => ({ sequence: this.nextSequence++, operation }));
    const all = [...pending.map(({ sequence, operation }) => ({ sequence, operation })), ...extra];
    if (all.length === 0) return;
    this.options.spool.writeSync(
      all.map((write) => write.operation),
      all.map((write) => write.sequence),
    );
    this.ownSegments += 1;
    this.ownWrites += all.length;
    for (const write of pending) settle(write, { ack: { kind: 'spooled' } });
  }

  /** Sends what is queued (flush), stops the background replayer, and removes this writer's spool folder if it is empty. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.replayTimer !== undefined) clearTimeout(this.replayTimer);
    this.replayTimer = undefined;
    await this.replaying;
    if (this.ownSegments === 0) this.options.spool.removeOwnIfEmpty();
  }

  private hasSpooled(): boolean {
    return this.ownSegments > 0 || this.adoptedPending;
  }

  /** Once per store: spools that processes now gone left for this server are adopted and sent in the background. */
  private checkAdoption(): void {
    this.adoptionChecked = true;
    let adopted: Spool[];
    try {
      adopted = this.options.spool.adoptOrphans();
    } catch (error) {
      console.warn(`[assay] could not look for writes spooled by ended processes in ${this.options.spool.root}: ${errorMessage(error)}`);
      return;
    }
    if (adopted.length === 0) return;
    this.adoptedPending = true;
    this.scheduleReplay(0);
  }

  private pump(): void {
    if (this.pumping !== undefined) return;
    this.pumping = (async () => {
      // Writes made in the same turn of the event loop go in one request.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        if (this.ownSegments > 0) this.spool(batch, undefined);
        else await this.post(batch);
      }
    })().finally(() => {
      this.pumping = undefined;
      if (this.queue.length > 0) this.pump();
    });
  }

  /** The oldest queued writes that fit one request. */
  private takeBatch(): PendingWrite[] {
    let characters = 0;
    let count = 0;
    while (count < this.queue.length && count < MAX_WRITES_PER_REQUEST) {
      const size = this.queue[count]!.json.length + 1;
      if (count > 0 && characters + size > this.maxRequestCharacters) break;
      characters += size;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private requestText(writer: string, writes: readonly string[]): string {
    return `{"writer":${JSON.stringify(writer)},"writes":[${writes.join(',')}]}`;
  }

  /** Sends one batch live; spools it when the server is out of reach. */
  private async post(batch: PendingWrite[]): Promise<void> {
    this.inFlight = batch;
    try {
      const answer = await this.options.client.json<{ results?: WriteResultJson[] }>({
        method: 'POST',
        path: WRITES_PATH,
        jsonText: this.requestText(this.writer, batch.map((write) => write.json)),
        idempotent: true,
      });
      const results = new Map((answer.results ?? []).map((result) => [result.sequence, result]));
      for (const write of batch) {
        const result = results.get(write.sequence);
        if (result === undefined) settle(write, { error: new AssayError('INTERNAL_ERROR', `The server at ${this.options.client.url} did not answer write ${write.sequence}.`) });
        else if (result.error !== undefined) settle(write, { error: errorFromBody(400, result.error, this.options.client.url) });
        else settle(write, { ack: { kind: 'applied', result } });
      }
    } catch (error) {
      if (error instanceof ServerUnreachableError) {
        this.lastError = error.message;
        this.spool(batch, error);
      } else if (AssayError.isInstance(error) && /limit of \d+ bytes/u.test(error.message) && batch.length > 1) {
        // Over the server's body limit (smaller than ours): smaller requests from now on, these first.
        this.maxRequestCharacters = Math.max(1, Math.floor(batch.reduce((sum, write) => sum + write.json.length, 0) / 2));
        this.queue.unshift(...batch);
      } else {
        for (const write of batch) settle(write, { error });
      }
    } finally {
      this.inFlight = [];
    }
  }

  /** Spools writes and acknowledges them; a spool that cannot be written fails them. */
  private spool(batch: PendingWrite[], reason: ServerUnreachableError | undefined): void {
    const live = batch.filter((write) => !write.settled);
    if (live.length === 0) return;
    try {
      this.options.spool.writeSync(
        live.map((write) => write.operation),
        live.map((write) => write.sequence),
      );
    } catch (error) {
      const failure = new AssayError(
        'INTERNAL_ERROR',
        `${live.length} write(s) could not be sent to ${this.options.client.url}${reason !== undefined ? ` (${reason.message})` : ''} ` +
          `nor spooled in ${this.options.spool.directory} (${errorMessage(error)}). Set ${'ASSAY_HTTP_SPOOL_DIR'} to a writable folder.`,
        { cause: error },
      );
      for (const write of live) settle(write, { error: failure });
      return;
    }
    this.ownSegments += 1;
    this.ownWrites += live.length;
    for (const write of live) settle(write, { ack: { kind: 'spooled' } });
    if (!this.warnedSpooling) {
      this.warnedSpooling = true;
      console.warn(
        `[assay] the server at ${this.options.client.url} cannot be reached${reason !== undefined ? ` (${reason.message})` : ''}: writes are kept in ` +
          `${this.options.spool.directory} and sent, in order, when it is back.`,
      );
    }
    this.scheduleReplay();
  }

  /** Tries the spool again later, with backoff; the timer never keeps the process alive. */
  private scheduleReplay(delayMs?: number): void {
    if (this.replayTimer !== undefined || this.closed) return;
    const wait = delayMs ?? backoffDelayMs(this.replayFailures + 1, resolveRetryOptions({ initialDelayMs: 500, maxDelayMs: 30_000 }));
    this.replayTimer = setTimeout(() => {
      this.replayTimer = undefined;
      void this.replay(false, this.replayRetry);
    }, wait);
    this.replayTimer.unref();
  }

  /**
   * Sends spooled writes: adopted writers' first, then this writer's, each
   * spool's segments in order, removing each once the server answered all of
   * its writes. Resolves true when nothing is left, false when the server
   * could not be reached (what was not sent stays, in order, and is tried
   * again later). One replay at a time.
   */
  private replay(keepAlive: boolean, retry: RetryOptions | undefined): Promise<boolean> {
    if (this.replaying !== undefined) return this.replaying;
    const replaying = (async () => {
      try {
        for (const spool of this.options.spool.adopted()) {
          await this.sendSpool(spool, keepAlive, retry, false);
          this.options.spool.removeIfEmpty(spool);
        }
        this.adoptedPending = false;
        await this.sendSpool(this.options.spool.own, keepAlive, retry, true);
        this.lastError = undefined;
        return true;
      } catch (error) {
        if (!(error instanceof ServerUnreachableError)) console.warn(`[assay] could not send spooled writes to ${this.options.client.url}: ${errorMessage(error)}`);
        this.lastError = errorMessage(error);
        return false;
      }
    })();
    this.replaying = replaying;
    void replaying.then((sent) => {
      this.replaying = undefined;
      this.replayFailures = sent ? 0 : this.replayFailures + 1;
      // Writes spooled while these were sent go next; a failed try is tried again later.
      if (this.hasSpooled()) this.scheduleReplay(sent ? 0 : undefined);
    });
    return replaying;
  }

  private async sendSpool(spool: Spool, keepAlive: boolean, retry: RetryOptions | undefined, own: boolean): Promise<void> {
    for (;;) {
      const ids = await spool.pending();
      if (ids.length === 0) return;
      for (const id of ids) {
        const segment = await spool.read(id);
        if (segment !== undefined) await this.sendSegment(segment, keepAlive, retry);
        await spool.remove(id);
        if (own) {
          this.ownSegments = Math.max(0, this.ownSegments - 1);
          this.ownWrites = Math.max(0, this.ownWrites - (segment?.operations.length ?? 0));
        }
      }
      if (!own) return;
    }
  }

  /** Sends one spooled segment in requests of bounded size; writes the server refuses now are kept aside (rejected.jsonl), with a warning. */
  private async sendSegment(segment: SpoolSegment, keepAlive: boolean, retry: RetryOptions | undefined): Promise<void> {
    // A segment always has its writer (a spool without sequence numbers is not this client's); without, each write is sent under a writer of its own.
    const writer = segment.origin?.writer ?? `${this.writer}-${segment.id}`;
    const writes = segment.operations.map((operation, index) => {
      const sequence = segment.origin?.sequences[index] ?? index + 1;
      return { sequence, operation, json: JSON.stringify(toWriteJson(sequence, operation)) };
    });
    const rejected: { writer: string; sequence: number; operation: WriteOperation; error: string }[] = [];
    for (let start = 0; start < writes.length; ) {
      let end = start;
      let characters = 0;
      while (end < writes.length && end - start < MAX_WRITES_PER_REQUEST && (end === start || characters + writes[end]!.json.length < this.maxRequestCharacters)) {
        characters += writes[end]!.json.length + 1;
        end += 1;
      }
      const chunk = writes.slice(start, end);
      let answer: { results?: WriteResultJson[] };
      try {
        answer = await this.options.client.json<{ results?: WriteResultJson[] }>({
          method: 'POST',
          path: WRITES_PATH,
          jsonText: this.requestText(writer, chunk.map((write) => write.json)),
          idempotent: true,
          keepAlive,
          ...(retry !== undefined ? { retry } : {}),
        });
      } catch (error) {
        // A request the server can never take (malformed, too large): its writes are kept aside rather than block the spool. Anything else is tried again later.
        if (!(AssayError.isInstance(error) && (error.code === 'INVALID_PARAMETER_VALUE' || error.code === 'BAD_REQUEST'))) throw error;
        for (const write of chunk) rejected.push({ writer, sequence: write.sequence, operation: write.operation, error: `${error.code}: ${error.message}` });
        start = end;
        continue;
      }
      for (const result of answer.results ?? []) {
        if (result.error === undefined) continue;
        const write = chunk.find((candidate) => candidate.sequence === result.sequence);
        if (write !== undefined) rejected.push({ writer, sequence: write.sequence, operation: write.operation, error: `${result.error.error_code}: ${result.error.message}` });
      }
      start = end;
    }
    if (rejected.length > 0) {
      const file = this.options.spool.recordRejected(rejected);
      console.warn(`[assay] the server at ${this.options.client.url} refused ${rejected.length} spooled write(s) (first: ${rejected[0]!.error}); they are kept in ${file}.`);
    }
  }
}
