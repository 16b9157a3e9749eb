import { Option } from 'commander';
import type { Command } from 'commander';
import { InvalidParameterError, type Store } from '@assay/core';
import type { CliContext } from '../cli-context.js';

/** The tracking URI used when neither `--tracking-uri` nor `ASSAY_TRACKING_URI` is given. */
export const DEFAULT_TRACKING_URI = './.assay';

/** The environment variable that sets the tracking URI. */
export const TRACKING_URI_ENV = 'ASSAY_TRACKING_URI';

/** The global `--tracking-uri <uri>` option, added once to the root program. */
export function createTrackingUriOption(): Option {
  // The environment fallback is resolved by hand (not Option.env) so tests can inject the environment.
  return new Option(
    '--tracking-uri <uri>',
    `store directory or http(s) server URL (env: ${TRACKING_URI_ENV}, default: "${DEFAULT_TRACKING_URI}")`,
  );
}

/** The tracking URI for a command: `--tracking-uri`, else `ASSAY_TRACKING_URI`, else `./.assay`. */
export function resolveTrackingUri(command: Command, env: CliContext['env']): string {
  const fromOption = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  if (fromOption !== undefined && fromOption !== '') return fromOption;
  const fromEnv = env[TRACKING_URI_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  return DEFAULT_TRACKING_URI;
}

/**
 * The `--tracking-uri` arguments to repeat in a suggested follow-up command:
 * present only when the user passed the option (the environment still applies otherwise).
 */
export function trackingUriArguments(command: Command): string[] {
  const trackingUri = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
  return trackingUri === undefined ? [] : ['--tracking-uri', trackingUri];
}

interface OpenAndRun<T> {
  context: CliContext;
  command: Command;
  mustExist: boolean;
  work: (store: Store) => Promise<T>;
}

async function openAndRun<T>({ context, command, mustExist, work }: OpenAndRun<T>): Promise<T> {
  const store = await context.openStore(resolveTrackingUri(command, context.env), mustExist ? { mustExist } : {});
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * Opens the command's store (creating a missing local one), runs `work` with
 * it and always closes it, also when `work` throws (closing flushes writes and
 * releases the database file). For commands that write.
 */
export function withStore<T>(context: CliContext, command: Command, work: (store: Store) => Promise<T>): Promise<T> {
  return openAndRun({ context, command, mustExist: false, work });
}

/**
 * `withStore` for commands that only read (or change what must exist
 * already): where no store exists they fail with a NotFoundError naming the
 * path, instead of creating an empty store from a typo.
 */
export function withExistingStore<T>(context: CliContext, command: Command, work: (store: Store) => Promise<T>): Promise<T> {
  return openAndRun({ context, command, mustExist: true, work });
}

/**
 * The store directory of a command that works on the local store's files
 * (`assay store ...`); InvalidParameterError for a server URL.
 */
export async function resolveStoreDirectory(command: Command, env: CliContext['env']): Promise<string> {
  const uri = resolveTrackingUri(command, env);
  const { parseTrackingUri } = await import('@assay/sdk');
  const target = parseTrackingUri(uri);
  if (target.kind === 'http') {
    throw new InvalidParameterError(`\`assay store\` works on a local store directory; ${target.url} is a server. Run it where the server keeps its store.`);
  }
  return target.root;
}
