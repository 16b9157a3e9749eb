import { InvalidParameterError } from '@assay/core';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { describeRequestedChange } from './registry-audit-tables.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models request`. */
export interface RequestModelTransitionCommandOptions extends ActorOptions {
  stage?: string;
  /** With --stage Staging or Production: archive the other versions there on approval. */
  archiveExisting?: boolean;
  alias?: string;
  json?: boolean;
}

/** Options of `requestModelTransition`. */
export interface RequestModelTransitionOptions extends CommandInvocation<RequestModelTransitionCommandOptions> {
  name: string;
  version: string;
}

/** `assay models request <name> <version> (--stage S | --alias A)`: files a transition request for another user to approve. */
export async function requestModelTransition({ context, command, name, version, options }: RequestModelTransitionOptions): Promise<void> {
  if ((options.stage === undefined) === (options.alias === undefined)) {
    throw new InvalidParameterError('Ask for one change: --stage <stage> (e.g. --stage Production) or --alias <alias> (e.g. --alias champion).');
  }
  if (options.archiveExisting === true && options.stage === undefined) {
    throw new InvalidParameterError('--archive-existing goes with --stage Staging or Production, not with --alias.');
  }
  const request = await withRegistry({ context, command, mustExist: true, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, (registry) =>
    registry.createTransitionRequest(name, version, {
      ...(options.stage !== undefined ? { stage: options.stage } : {}),
      ...(options.alias !== undefined ? { alias: options.alias } : {}),
      ...(options.archiveExisting === true ? { archiveExistingVersions: true } : {}),
      ...(options.comment !== undefined ? { comment: options.comment } : {}),
    }),
  );
  if (options.json) {
    printJson(request, context.stdout);
    return;
  }
  context.stdout(
    `Transition request ${request.id}: version ${request.version} of '${formatUntrustedText(request.name, 80)}' to ${describeRequestedChange(request)}, requested by ${formatUntrustedText(request.requestedBy, 60)}.\n` +
      `Another user approves it with: assay models approve ${request.id}\n`,
  );
}
