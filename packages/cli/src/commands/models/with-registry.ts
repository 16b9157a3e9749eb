import type { Command } from 'commander';
import type { RegistryClient } from '@assay/sdk';
import type { CliContext } from '../../cli-context.js';
import { resolveTrackingUri, withExistingStore, withStore } from '../../options/store-option.js';

/** Options of `withRegistry`. */
export interface WithRegistryOptions {
  context: CliContext;
  command: Command;
  /** A command that only reads (or changes what must exist) fails where no store exists instead of creating one. */
  mustExist: boolean;
  /** Who the audit log names for the command's changes (`--actor`); default the local user. */
  actor?: string;
}

/**
 * Opens the command's store, runs `work` with its model registry and closes
 * the store; a store without the registry fails with an error naming the
 * tracking URIs that have one.
 */
export async function withRegistry<T>({ context, command, mustExist, actor }: WithRegistryOptions, work: (registry: RegistryClient) => Promise<T>): Promise<T> {
  const { createRegistryClient } = await import('@assay/sdk');
  const trackingUri = resolveTrackingUri(command, context.env);
  const open = mustExist ? withExistingStore : withStore;
  return open(context, command, (store) => work(createRegistryClient(store, { trackingUri, ...(actor !== undefined ? { actor } : {}) })));
}
