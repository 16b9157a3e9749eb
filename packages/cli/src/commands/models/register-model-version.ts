import { formatModelUri } from '@assay/core';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models register`. */
export interface RegisterModelCommandOptions extends ActorOptions {
  /** Tags of the new version. */
  tag?: Record<string, string>;
  /** Description of the new version. */
  description?: string;
  /** The run that produced the model, for a source that is not a runs:/ URI. */
  runId?: string;
  json?: boolean;
}

/** Options of `registerModelVersion`. */
export interface RegisterModelVersionOptions extends CommandInvocation<RegisterModelCommandOptions> {
  /** The model's artifact URI, e.g. `runs:/<runId>/model`. */
  source: string;
  /** The registered model's name; created when missing. */
  name: string;
}

/** `assay models register <source> <name>`: registers a new version (creating the model if need be) and prints its number. */
export async function registerModelVersion({ context, command, source, name, options }: RegisterModelVersionOptions): Promise<void> {
  const version = await withRegistry({ context, command, mustExist: false, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, (registry) =>
    registry.registerModel(source, name, {
      ...(options.tag !== undefined ? { tags: options.tag } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.runId !== undefined ? { runId: options.runId } : {}),
      ...(options.comment !== undefined ? { comment: options.comment } : {}),
    }),
  );
  if (options.json) {
    printJson(version, context.stdout);
    return;
  }
  const lineage = version.runId === undefined ? '' : ` from run ${formatUntrustedText(version.runId, 40)}`;
  context.stdout(
    `Registered version ${version.version} of '${formatUntrustedText(version.name, 80)}'${lineage}: ${formatUntrustedText(formatModelUri(version.name, version.version), 120)}\n`,
  );
}
