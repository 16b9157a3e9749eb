import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { describeRequestedChange } from './registry-audit-tables.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models approve` and `reject`. */
export interface DecideModelTransitionCommandOptions extends ActorOptions {
  json?: boolean;
}

/** Options of `decideModelTransition`. */
export interface DecideModelTransitionOptions extends CommandInvocation<DecideModelTransitionCommandOptions> {
  /** The request's id. */
  id: number;
  decision: 'approve' | 'reject';
}

/** `assay models approve|reject <id>`: decides a pending transition request; approving makes its change. */
export async function decideModelTransition({ context, command, id, decision, options }: DecideModelTransitionOptions): Promise<void> {
  const note = options.comment !== undefined ? { comment: options.comment } : {};
  const request = await withRegistry({ context, command, mustExist: true, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, (registry) =>
    decision === 'approve' ? registry.approveTransitionRequest(id, note) : registry.rejectTransitionRequest(id, note),
  );
  if (options.json) {
    printJson(request, context.stdout);
    return;
  }
  const what = `version ${request.version} of '${formatUntrustedText(request.name, 80)}' to ${describeRequestedChange(request)}`;
  const by = formatUntrustedText(request.decidedBy ?? '-', 60);
  context.stdout(
    decision === 'approve'
      ? `Approved transition request ${request.id} as ${by}: ${what} is done.\n`
      : `Rejected transition request ${request.id} as ${by}: ${what} is not made.\n`,
  );
}
