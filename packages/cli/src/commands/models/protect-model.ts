import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models protect`. */
export interface ProtectModelCommandOptions extends ActorOptions {
  /** Lift the protection instead. */
  off?: boolean;
  json?: boolean;
}

/** Options of `protectModel`. */
export interface ProtectModelOptions extends CommandInvocation<ProtectModelCommandOptions> {
  name: string;
}

/** `assay models protect <name> [--off]`: from now on its stage changes and alias moves need an approved request (or no longer). */
export async function protectModel({ context, command, name, options }: ProtectModelOptions): Promise<void> {
  const isProtected = options.off !== true;
  const model = await withRegistry({ context, command, mustExist: true, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, (registry) =>
    registry.setRegisteredModelProtection(name, isProtected, options.comment !== undefined ? { comment: options.comment } : {}),
  );
  if (options.json) {
    printJson(model, context.stdout);
    return;
  }
  const shown = formatUntrustedText(model.name, 80);
  context.stdout(
    isProtected
      ? `Model '${shown}' is protected: its stage changes and alias moves now need a transition request (assay models request) that another user approves.\n`
      : `Model '${shown}' is no longer protected: stages and aliases change directly again.\n`,
  );
}
