import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from '../models/with-registry.js';

/** Options of `setPromptAlias`. */
export interface SetPromptAliasOptions extends CommandInvocation<Pick<ActorOptions, 'actor'> & { json?: boolean }> {
  name: string;
  alias: string;
  version: number;
}

/** `assay prompts alias <name> <alias> <version>`: points an alias at a prompt version. */
export async function setPromptAlias({ context, command, name, alias, version, options }: SetPromptAliasOptions): Promise<void> {
  const target = await withRegistry({ context, command, mustExist: true, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, async (registry) => {
    // Refuses a model's version (or an unknown one) before moving the alias.
    await registry.loadPrompt(name, version);
    await registry.setPromptAlias(name, alias, version);
    return registry.loadPrompt(`prompts:/${name}@${alias}`);
  });
  if (options.json) {
    printJson({ name, alias, version: target.version }, context.stdout);
    return;
  }
  const shownName = formatUntrustedText(name, 80);
  const shownAlias = formatUntrustedText(alias, 60);
  context.stdout(`Alias '${shownAlias}' of prompt '${shownName}' now points at version ${target.version}: prompts:/${shownName}@${shownAlias}\n`);
}
