import { InvalidParameterError } from '@assay/core';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { explainProtection } from './explain-protection.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models alias`. */
export interface SetModelAliasCommandOptions extends ActorOptions {
  /** Remove the alias instead of setting it. */
  delete?: boolean;
  json?: boolean;
}

/** Options of `setModelAlias`. */
export interface SetModelAliasOptions extends CommandInvocation<SetModelAliasCommandOptions> {
  name: string;
  alias: string;
  /** The version to point at; absent with --delete. */
  version: string | undefined;
}

/** `assay models alias <name> <alias> <version>` (or `--delete`): points an alias at a version, or removes it. */
export async function setModelAlias({ context, command, name, alias, version, options }: SetModelAliasOptions): Promise<void> {
  if (options.delete === true && version !== undefined) {
    throw new InvalidParameterError(`--delete removes the alias whatever version it points at; drop the version '${version}'.`);
  }
  if (options.delete !== true && version === undefined) {
    throw new InvalidParameterError(`Say which version alias '${alias}' points at, e.g. "assay models alias <name> ${alias} 3", or remove it with --delete.`);
  }
  const shownName = formatUntrustedText(name, 80);
  const registryOptions = { context, command, mustExist: true, ...(options.actor !== undefined ? { actor: options.actor } : {}) };
  const note = options.comment !== undefined ? { comment: options.comment } : {};
  const shownAlias = formatUntrustedText(alias, 60);
  if (options.delete === true) {
    const removed = await withRegistry(registryOptions, async (registry) => {
      const previous = (await registry.getRegisteredModel(name)).aliases[alias];
      if (previous !== undefined) await explainProtection(registry.deleteRegisteredModelAlias(name, alias, note), [name, '<version>', '--alias', alias]);
      return previous;
    });
    if (options.json) printJson({ name, alias, deleted: removed !== undefined, ...(removed !== undefined ? { version: removed } : {}) }, context.stdout);
    else if (removed === undefined) context.stdout(`Model '${shownName}' has no alias '${shownAlias}'; nothing changed.\n`);
    else context.stdout(`Deleted alias '${shownAlias}' of '${shownName}' (it pointed at version ${removed}).\n`);
    return;
  }
  const target = await withRegistry(registryOptions, async (registry) => {
    await explainProtection(registry.setRegisteredModelAlias(name, alias, version!, note), [name, version!, '--alias', alias]);
    return registry.getModelVersionByAlias(name, alias);
  });
  if (options.json) printJson({ name, alias, version: target.version }, context.stdout);
  else context.stdout(`Alias '${shownAlias}' of '${shownName}' now points at version ${target.version}: models:/${shownName}@${shownAlias}\n`);
}
