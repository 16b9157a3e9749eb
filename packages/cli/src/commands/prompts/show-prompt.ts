import { printJson } from '../../output/print-json.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from '../models/with-registry.js';
import { printPromptVersion, promptVersionJson } from './prompt-output.js';

/** Options of `showPrompt`. */
export interface ShowPromptOptions extends CommandInvocation<{ json?: boolean }> {
  /** `prompts:/name/3`, `prompts:/name@alias`, `prompts:/name` or a name (the latest version). */
  uriOrName: string;
}

/** `assay prompts get <uri-or-name>`: a prompt version's template, variables, commit message, aliases and model config. */
export async function showPrompt({ context, command, uriOrName, options }: ShowPromptOptions): Promise<void> {
  const version = await withRegistry({ context, command, mustExist: true }, (registry) => registry.loadPrompt(uriOrName));
  if (options.json) printJson(promptVersionJson(version), context.stdout);
  else printPromptVersion(version, context.stdout);
}
