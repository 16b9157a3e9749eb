import {
  ConflictError,
  InvalidParameterError,
  describe,
  preview,
  type FileInfo,
  type Run,
  type RunInfo,
  type RunStatus,
  type Store,
} from '@assay/core';
import { downloadArtifacts, uploadBytes, uploadDirectory, uploadFile } from './artifacts.js';
import { checkMetric, checkParam, checkTag, isKnownMetricKey, isValidStep, isValidTimestamp } from './cached-validation.js';
import { PendingWrites, type WriteBuffer } from './write-buffer.js';

/** A param value: strings as they are, numbers and booleans stringified. */
export type ParamValue = string | number | boolean;

/** A tag value: strings as they are, numbers and booleans stringified. */
export type TagValue = string | number | boolean;

/** Where a metric point sits in its history. */
export interface LogMetricOptions {
  /** Integer step; default 0. */
  step?: number;
  /** Milliseconds since the epoch; default now. */
  timestamp?: number;
}

/** How a run ends. */
export interface EndRunOptions {
  /** FINISHED (default), FAILED or KILLED. */
  status?: 'FINISHED' | 'FAILED' | 'KILLED';
}

const END_STATUSES: readonly RunStatus[] = ['FINISHED', 'FAILED', 'KILLED'];

/** What a run handle shares with the Assay instance that started it. @internal */
export interface RunOwner {
  /** Where logging calls buffer their writes. */
  readonly writeBuffer: WriteBuffer;
  /** Runs started and not yet ended (the exit hooks end them). */
  readonly openRuns: Set<ActiveRun>;
}

/**
 * A run this process started: log to it, then end it. Logging calls
 * (`logParam`, `logMetric`, `setTag` and their plural forms) are
 * synchronous: they validate at once, throwing `InvalidParameterError` or
 * `ConflictError`, and buffer the write; `end()` and `flush()` make buffered
 * writes durable. Get one from `startRun` or `withRun`.
 */
export class ActiveRun {
  /** The run id (32 hex characters). */
  readonly id: string;
  /** The run's name (random two words when none was given). */
  readonly name: string;
  /** The experiment the run belongs to. */
  readonly experimentId: string;
  /** The enclosing run of a nested run. */
  readonly parentRunId: string | undefined;
  /** The run's info as it was when it started. */
  readonly info: Readonly<RunInfo>;
  /** The store this run writes to (the tracking URI's store when it started). */
  readonly store: Store;
  /** The end status and time once `end()` was called (read by the exit hook). @internal */
  requestedEnd: { status: RunStatus; endTime: number } | undefined;
  private readonly pending: PendingWrites;
  private readonly writeBuffer: WriteBuffer;
  private readonly openRuns: Set<ActiveRun>;
  private readonly params = new Map<string, string>();
  private endPromise: Promise<void> | undefined;

  /** @internal Use `startRun` or `withRun`. */
  constructor(run: Run, store: Store, owner: RunOwner) {
    this.id = run.info.runId;
    this.name = run.info.runName;
    this.experimentId = run.info.experimentId;
    this.parentRunId = run.info.parentRunId;
    this.info = Object.freeze({ ...run.info });
    this.store = store;
    this.pending = new PendingWrites(this.id, store);
    this.writeBuffer = owner.writeBuffer;
    this.openRuns = owner.openRuns;
    for (const [key, value] of Object.entries(run.data.params)) this.params.set(key, value);
  }

  /** True once `end()` was called. */
  get ended(): boolean {
    return this.endPromise !== undefined;
  }

  // ------------------------------------------------------------ params

  private acceptParam(key: string, value: string): boolean {
    const logged = this.params.get(key);
    if (logged === undefined) return true;
    if (logged === value) return false;
    throw new ConflictError(
      `Changing param values is not allowed. Param with key='${key}' was already logged with value='${preview(logged)}' for run ID='${this.id}'. Attempted logging new value '${preview(value)}'.`,
    );
  }

  /**
   * Logs a param (a value that does not change during the run). Logging the
   * same value again is a no-op; a different value throws ConflictError.
   */
  logParam(key: string, value: ParamValue): this {
    const text = checkParam(key, value);
    if (this.acceptParam(key, text)) {
      this.params.set(key, text);
      this.pending.params.push({ key, value: text });
      this.writeBuffer.added(this.pending, 1);
    }
    return this;
  }

  /** Logs several params; nothing is logged if any is invalid or conflicting. */
  logParams(params: Readonly<Record<string, ParamValue>>): this {
    const accepted: [string, string][] = [];
    for (const key of Object.keys(params)) {
      const text = checkParam(key, params[key]);
      if (this.acceptParam(key, text)) accepted.push([key, text]);
    }
    for (const [key, value] of accepted) {
      this.params.set(key, value);
      this.pending.params.push({ key, value });
    }
    if (accepted.length > 0) this.writeBuffer.added(this.pending, accepted.length);
    return this;
  }

  // ----------------------------------------------------------- metrics

  /** Logs one metric point. NaN and ±Infinity are valid values. */
  logMetric(key: string, value: number, options?: LogMetricOptions): this {
    const step = options?.step ?? 0;
    const timestamp = options?.timestamp ?? Date.now();
    if (!isKnownMetricKey(key) || typeof value !== 'number' || !isValidStep(step) || !isValidTimestamp(timestamp)) {
      checkMetric(key, value, timestamp, step);
    }
    this.pending.metrics.push({ key, value, timestamp, step });
    this.writeBuffer.added(this.pending, 1);
    return this;
  }

  /** Logs one point per key, all at the same step and timestamp; nothing is logged if any is invalid. */
  logMetrics(metrics: Readonly<Record<string, number>>, options?: LogMetricOptions): this {
    const step = options?.step ?? 0;
    const timestamp = options?.timestamp ?? Date.now();
    if (!isValidStep(step)) throw new InvalidParameterError(`logMetrics got step ${describe(step)}; steps are integers.`);
    if (!isValidTimestamp(timestamp)) {
      throw new InvalidParameterError(
        `logMetrics got timestamp ${describe(timestamp)}; timestamps are non-negative integer milliseconds since the epoch.`,
      );
    }
    const buffered = this.pending.metrics;
    const start = buffered.length;
    try {
      const keys = Object.keys(metrics);
      for (let index = 0; index < keys.length; index += 1) {
        const key = keys[index]!;
        const value = metrics[key]!;
        if (!isKnownMetricKey(key) || typeof value !== 'number') checkMetric(key, value, timestamp, step);
        buffered.push({ key, value, timestamp, step });
      }
    } catch (error) {
      buffered.length = start;
      throw error;
    }
    this.writeBuffer.added(this.pending, buffered.length - start);
    return this;
  }

  // -------------------------------------------------------------- tags

  /** Sets a tag (tags are mutable: the last value wins). */
  setTag(key: string, value: TagValue): this {
    const text = checkTag(key, value);
    this.pending.tags.push({ key, value: text });
    this.writeBuffer.added(this.pending, 1);
    return this;
  }

  /** Sets several tags; nothing is set if any is invalid. */
  setTags(tags: Readonly<Record<string, TagValue>>): this {
    const checked = Object.keys(tags).map((key) => ({ key, value: checkTag(key, tags[key]) }));
    this.pending.tags.push(...checked);
    if (checked.length > 0) this.writeBuffer.added(this.pending, checked.length);
    return this;
  }

  // --------------------------------------------------------- artifacts

  /**
   * Uploads a local file as `artifactPath/<file name>` (the artifact root when
   * `artifactPath` is absent).
   */
  logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    return uploadFile(this.store, this.id, localPath, artifactPath);
  }

  /** Uploads every file under a local directory, keeping the tree, under `artifactPath`. */
  logArtifacts(localDirectory: string, artifactPath?: string): Promise<void> {
    return uploadDirectory(this.store, this.id, localDirectory, artifactPath);
  }

  /** Saves text (UTF-8) as the artifact file `artifactFile`, e.g. `'notes/prompt.txt'`. */
  logText(text: string, artifactFile: string): Promise<void> {
    if (typeof text !== 'string') {
      return Promise.reject(new InvalidParameterError(`logText needs a string, got ${describe(text)}.`));
    }
    return uploadBytes(this.store, this.id, new TextEncoder().encode(text), artifactFile);
  }

  /** Saves a value as pretty-printed JSON in the artifact file `artifactFile`, e.g. `'eval/config.json'`. */
  logJson(value: unknown, artifactFile: string): Promise<void> {
    let text: string | undefined;
    try {
      text = JSON.stringify(value, null, 2);
    } catch (error) {
      return Promise.reject(new InvalidParameterError(`logJson could not serialise the value: ${(error as Error).message}`, { cause: error }));
    }
    if (text === undefined) {
      return Promise.reject(new InvalidParameterError(`logJson got ${describe(value)}, which has no JSON form.`));
    }
    return uploadBytes(this.store, this.id, new TextEncoder().encode(`${text}\n`), artifactFile);
  }

  /** Lists the direct children of an artifact folder (the root when `path` is absent). */
  listArtifacts(path?: string): Promise<FileInfo[]> {
    return this.store.listArtifacts({ runId: this.id, ...(path !== undefined ? { path } : {}) });
  }

  /**
   * Downloads an artifact file, or a folder and everything under it, to
   * `destination/<path>`, and returns that local path.
   */
  downloadArtifact(path: string, destination: string): Promise<string> {
    return downloadArtifacts(this.store, this.id, path, destination);
  }

  // ---------------------------------------------------------- lifecycle

  /** Writes this run's buffered params, metrics and tags now. */
  flush(): Promise<void> {
    return this.writeBuffer.flushRun(this.pending);
  }

  /**
   * Ends the run: writes its buffered entries, then sets the status
   * (FINISHED by default) and end time. The parent run, if any, becomes the
   * active run again. Calling it again returns the first call's promise.
   * Rejects with a write error of this run, or with an earlier background
   * write error of the process.
   */
  end(options: EndRunOptions = {}): Promise<void> {
    if (this.endPromise) return this.endPromise;
    const status = options.status ?? 'FINISHED';
    if (!END_STATUSES.includes(status)) {
      return Promise.reject(new InvalidParameterError(`Cannot end a run with status ${describe(status)}; use one of ${END_STATUSES.join(', ')}.`));
    }
    this.requestedEnd = { status, endTime: Date.now() };
    this.endPromise = this.finish(this.requestedEnd);
    return this.endPromise;
  }

  private async finish(end: { status: RunStatus; endTime: number }): Promise<void> {
    let writeError: { error: unknown } | undefined;
    try {
      await this.writeBuffer.flushRun(this.pending);
    } catch (error) {
      writeError = { error };
    }
    await this.store.updateRun({ runId: this.id, status: end.status, endTime: end.endTime });
    this.openRuns.delete(this);
    if (writeError) throw writeError.error;
    this.writeBuffer.throwKeptError();
  }
}
