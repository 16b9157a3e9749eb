import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { createActorOption, createCommentOption } from '../options/actor-option.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import type { PagingOptions } from '../options/paging-options.js';
import type { DecideModelTransitionCommandOptions } from './models/decide-model-transition.js';
import type { ListModelTransitionsCommandOptions } from './models/list-model-transitions.js';
import type { ProtectModelCommandOptions } from './models/protect-model.js';
import type { RequestModelTransitionCommandOptions } from './models/request-model-transition.js';

const DEFAULT_MAX_RESULTS = 100;

function createProtectCommand(context: CliContext): Command {
  return new Command('protect')
    .description('Protect a model: its stage changes and alias moves then need a transition request approved by another user')
    .argument('<name>', 'registered model name')
    .option('--off', 'lift the protection')
    .addOption(createActorOption())
    .addOption(createCommentOption())
    .option('--json', 'print the model as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models protect support-bot --comment "prod model: changes need review"
  $ assay models protect support-bot --off`,
    )
    .action(async (name: string, options: ProtectModelCommandOptions, command: Command) => {
      const { protectModel } = await import('./models/protect-model.js');
      await protectModel({ context, command, name, options });
    });
}

function createRequestCommand(context: CliContext): Command {
  return new Command('request')
    .description('Ask for a stage change or alias move of a version; another user approves it (assay models approve)')
    .argument('<name>', 'registered model name')
    .argument('<version>', 'version number')
    .option('--stage <stage>', 'the stage asked for: None, Staging, Production or Archived')
    .option('--archive-existing', "with --stage Staging or Production: archive the model's other versions there on approval")
    .option('--alias <alias>', 'the alias asked to point at the version')
    .addOption(createActorOption())
    .addOption(createCommentOption('why, shown to the approvers'))
    .option('--json', 'print the request as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models request support-bot 3 --stage Production --archive-existing --comment "BLEU +2 on wmt17"
  $ assay models request support-bot 3 --alias champion`,
    )
    .action(async (name: string, version: string, options: RequestModelTransitionCommandOptions, command: Command) => {
      const { requestModelTransition } = await import('./models/request-model-transition.js');
      await requestModelTransition({ context, command, name, version, options });
    });
}

function createRequestsCommand(context: CliContext): Command {
  return new Command('requests')
    .description('List transition requests, oldest first (pending ones by default)')
    .option('--name <name>', "one model's requests")
    .option('--status <status>', 'PENDING (default), APPROVED, REJECTED or CANCELLED')
    .option('--max-results <n>', `requests per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ requests, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models requests
  $ assay models requests --name support-bot --status approved --json`,
    )
    .action(async (options: ListModelTransitionsCommandOptions, command: Command) => {
      const { listModelTransitions } = await import('./models/list-model-transitions.js');
      await listModelTransitions({ context, command, options });
    });
}

function createDecideCommand(context: CliContext, decision: 'approve' | 'reject'): Command {
  const approve = decision === 'approve';
  return new Command(decision)
    .description(approve ? 'Approve a pending transition request and make its change (not your own request)' : 'Reject a pending transition request (a requester may withdraw their own)')
    .argument('<id>', 'the request id (assay models requests)', parsePositiveInteger)
    .addOption(createActorOption())
    .addOption(createCommentOption('why, recorded in the audit log'))
    .option('--json', 'print the decided request as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models ${decision} 7${approve ? ' --comment "reviewed the eval"' : ' --comment "regresses on long inputs"'}`,
    )
    .action(async (id: number, options: DecideModelTransitionCommandOptions, command: Command) => {
      const { decideModelTransition } = await import('./models/decide-model-transition.js');
      await decideModelTransition({ context, command, id, decision, options });
    });
}

function createAuditCommand(context: CliContext): Command {
  return new Command('audit')
    .description("A model's audit log, oldest first: time, actor, action, version, before → after, comment")
    .argument('<name>', 'registered model name (a renamed or deleted model is found by its old name)')
    // A positional version, as `models get`: commander reads --version anywhere as the global `assay --version`.
    .argument('[version]', "only this version's events", parsePositiveInteger)
    .option('--max-results <n>', `events per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ events, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models audit support-bot
  $ assay models audit support-bot 3 --json`,
    )
    .action(async (name: string, version: number | undefined, options: PagingOptions, command: Command) => {
      const { showModelAudit } = await import('./models/show-model-audit.js');
      await showModelAudit({ context, command, name, version, options });
    });
}

/** The approval workflow and audit log under `assay models`: protect, request, requests, approve, reject, audit. */
export function createModelApprovalCommands(context: CliContext): Command[] {
  return [
    createProtectCommand(context),
    createRequestCommand(context),
    createRequestsCommand(context),
    createDecideCommand(context, 'approve'),
    createDecideCommand(context, 'reject'),
    createAuditCommand(context),
  ];
}
