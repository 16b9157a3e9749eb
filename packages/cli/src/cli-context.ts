import type { Store } from '@assay/core';
import type { ReadSecret } from './options/read-secret.js';

/** How a command opens its store. */
export interface OpenStoreOptions {
  /**
   * The store must exist already: a command that only reads fails with a
   * NotFoundError naming the directory instead of creating an empty store there.
   */
  mustExist?: boolean;
}

/** Writes one chunk of text (already ending in a newline when it is a line). */
export type WriteText = (text: string) => void;

/**
 * What every command needs from the outside world. Injected so that tests can
 * run the whole CLI in-process with captured output and a temporary store.
 */
export interface CliContext {
  /** Receives results: tables, ids, JSON. */
  stdout: WriteText;
  /** Receives errors, hints and progress messages. */
  stderr: WriteText;
  /** Environment variables (`ASSAY_TRACKING_URI`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Opens the store behind a tracking URI (a directory or an http(s) URL); creates a missing local store unless `mustExist`. */
  openStore: (uri: string, options?: OpenStoreOptions) => Promise<Store>;
  /** Reads a password: at a terminal without echo, else the first line of stdin (never from the command line). */
  readSecret: ReadSecret;
  /** Colour output that has colours (diffs): true when stdout is a terminal and NO_COLOR is unset; default false. */
  color?: boolean;
}
