/**
 * Stable error codes. They are MLflow's `error_code` values, so the server can
 * answer with them unchanged, plus a few of Assay's own for local conditions.
 */
export type AssayErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'BAD_REQUEST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_CONFLICT'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'NOT_IMPLEMENTED'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'STORE_BUSY'
  | 'STORE_DAMAGED'
  | 'THRESHOLD_FAILED'
  | 'EVALUATION_FAILED';

const marker = Symbol.for('assay.error');

export interface AssayErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

/**
 * The one base class of every error Assay throws on purpose. `code` is stable
 * and safe to branch on; `message` says what was wrong and how to fix it.
 */
export class AssayError extends Error {
  readonly code: AssayErrorCode;
  private readonly [marker] = true;

  constructor(code: AssayErrorCode, message: string, options: AssayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AssayError';
    this.code = code;
  }

  /**
   * True for an AssayError from any copy of this package (two installed
   * versions of `@assay/core` make `instanceof` unreliable).
   */
  static isInstance(value: unknown): value is AssayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** Input that breaks a rule: a bad key, a value too long, a malformed filter. */
export class InvalidParameterError extends AssayError {
  constructor(message: string, options?: AssayErrorOptions) {
    super('INVALID_PARAMETER_VALUE', message, options);
    this.name = 'InvalidParameterError';
  }
}

/** The named experiment, run, artifact or other entity does not exist. */
export class NotFoundError extends AssayError {
  constructor(message: string, options?: AssayErrorOptions) {
    super('RESOURCE_DOES_NOT_EXIST', message, options);
    this.name = 'NotFoundError';
  }
}

/** Creating something whose unique name or id is taken. */
export class AlreadyExistsError extends AssayError {
  constructor(message: string, options?: AssayErrorOptions) {
    super('RESOURCE_ALREADY_EXISTS', message, options);
    this.name = 'AlreadyExistsError';
  }
}

/** A write that contradicts what is stored, e.g. changing a logged param. */
export class ConflictError extends AssayError {
  constructor(message: string, options?: AssayErrorOptions) {
    super('INVALID_PARAMETER_VALUE', message, options);
    this.name = 'ConflictError';
  }
}

/** The process that holds a local store's database file, as far as it could be found. */
export interface StoreHolder {
  /** Its process id. */
  pid: number;
  /** Its command line (or program path), when the system tells. */
  command?: string;
}

/** Options of StoreBusyError. */
export interface StoreBusyErrorOptions extends AssayErrorOptions {
  /** The process holding the database file, when it could be found. */
  holder?: StoreHolder;
}

/** The local store stayed locked by other processes for longer than allowed. */
export class StoreBusyError extends AssayError {
  /** The process holding the database file; undefined when it could not be found. */
  readonly holder: StoreHolder | undefined;

  constructor(message: string, options: StoreBusyErrorOptions = {}) {
    super('STORE_BUSY', message, options);
    this.name = 'StoreBusyError';
    this.holder = options.holder;
  }
}

/** Options of StoreDamagedError. */
export interface StoreDamagedErrorOptions extends AssayErrorOptions {
  /** The database file that cannot be used. */
  databasePath: string;
}

/**
 * A local store's database file cannot be used as it is: it is not a DuckDB
 * file, it is truncated or corrupt, or it holds another application's tables
 * or lacks Assay's. Writes go on into the spool meanwhile; `assay store check`
 * tells more and `assay store recover` rebuilds the store.
 */
export class StoreDamagedError extends AssayError {
  /** The database file that cannot be used. */
  readonly databasePath: string;

  constructor(message: string, options: StoreDamagedErrorOptions) {
    super('STORE_DAMAGED', message, options);
    this.name = 'StoreDamagedError';
    this.databasePath = options.databasePath;
  }
}
