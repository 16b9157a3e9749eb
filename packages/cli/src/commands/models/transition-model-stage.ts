import { quoteFilterString, validateModelVersionStage } from '@assay/core';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import type { ActorOptions } from '../../options/actor-option.js';
import type { CommandInvocation } from '../command-invocation.js';
import { explainProtection } from './explain-protection.js';
import { withRegistry } from './with-registry.js';

/** The options of `assay models stage`. */
export interface TransitionModelStageCommandOptions extends ActorOptions {
  /** Move the model's other versions in the target stage (Staging or Production) to Archived. */
  archiveExisting?: boolean;
  json?: boolean;
}

/** Options of `transitionModelStage`. */
export interface TransitionModelStageOptions extends CommandInvocation<TransitionModelStageCommandOptions> {
  name: string;
  version: string;
  stage: string;
}

/** `assay models stage <name> <version> <stage>`: moves a version to a stage and says which versions were archived. */
export async function transitionModelStage({ context, command, name, version, stage, options }: TransitionModelStageOptions): Promise<void> {
  const archiveExistingVersions = options.archiveExisting === true;
  const { moved, archived } = await withRegistry({ context, command, mustExist: true, ...(options.actor !== undefined ? { actor: options.actor } : {}) }, async (registry) => {
    // Which versions --archive-existing will move, to say so afterwards.
    const target = validateModelVersionStage(stage);
    const before = archiveExistingVersions
      ? (await registry.searchModelVersions({ filter: `name = ${quoteFilterString(name)} AND current_stage = '${target}'`, maxResults: 200_000 })).modelVersions
      : [];
    const result = await explainProtection(
      registry.transitionModelVersionStage(name, version, target, { archiveExistingVersions, ...(options.comment !== undefined ? { comment: options.comment } : {}) }),
      [name, version, '--stage', target, ...(archiveExistingVersions ? ['--archive-existing'] : [])],
    );
    const others = before.filter((candidate) => candidate.version !== result.version);
    return { moved: result, archived: others.map((candidate) => candidate.version).sort((left, right) => left - right) };
  });
  if (options.json) {
    printJson(moved, context.stdout);
    return;
  }
  context.stdout(`Version ${moved.version} of '${formatUntrustedText(moved.name, 80)}' is now in stage ${moved.currentStage}.\n`);
  if (archived.length > 0) context.stdout(`Archived the other version(s) that were in ${moved.currentStage}: ${archived.join(', ')}.\n`);
}
