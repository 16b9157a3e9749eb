import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { createActorOption, createCommentOption } from '../options/actor-option.js';
import { collectTags } from '../options/collect-tags.js';
import { collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import type { PagingOptions } from '../options/paging-options.js';
import type { ListModelsCommandOptions } from './models/list-models.js';
import type { RegisterModelCommandOptions } from './models/register-model-version.js';
import type { SetModelAliasCommandOptions } from './models/set-model-alias.js';
import type { ShowModelCommandOptions } from './models/show-model.js';
import type { TransitionModelStageCommandOptions } from './models/transition-model-stage.js';
import { createModelApprovalCommands } from './models-approvals.js';

const DEFAULT_MAX_RESULTS = 100;

function createListCommand(context: CliContext): Command {
  return new Command('list')
    .description('List registered models')
    .option('--filter <filter>', `search filter, e.g. "name LIKE 'chat-%' AND tags.team = 'ml'"`)
    .option('--order-by <clause>', 'sort, e.g. "last_updated_timestamp DESC" (repeatable; default "name ASC")', collectRepeated)
    .option('--max-results <n>', `models per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ registeredModels, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models list
  $ assay models list --filter "name LIKE 'chat-%'" --json`,
    )
    .action(async (options: ListModelsCommandOptions, command: Command) => {
      const { listModels } = await import('./models/list-models.js');
      await listModels({ context, command, options });
    });
}

function createGetCommand(context: CliContext): Command {
  return new Command('get')
    .description('Show a registered model (its aliases and newest version per stage), or one version')
    .argument('<name>', 'registered model name')
    // A positional version: commander reads --version anywhere on the line as the global `assay --version`.
    .argument('[version]', 'show this version instead', parsePositiveInteger)
    .option('--json', 'print the model (or version) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models get support-bot
  $ assay models get support-bot 3 --json`,
    )
    .action(async (name: string, version: number | undefined, options: ShowModelCommandOptions, command: Command) => {
      const { showModel } = await import('./models/show-model.js');
      await showModel({ context, command, name, version, options });
    });
}

function createRegisterCommand(context: CliContext): Command {
  return new Command('register')
    .description('Register a model artifact as a new version (the model is created if missing)')
    .argument('<source>', "the model's artifact URI, e.g. runs:/<run-id>/model (the run is recorded as its lineage)")
    .argument('<name>', 'registered model name')
    .option('--tag <key=value>', 'version tag (repeatable)', collectTags)
    .option('--description <text>', 'version description')
    .option('--run-id <id>', 'the run that produced it, for a source that is not a runs:/ URI')
    .addOption(createActorOption())
    .addOption(createCommentOption())
    .option('--json', 'print the new version as JSON instead of a line')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models register runs:/0f3a9c.../model support-bot --tag team=ml
  $ assay models register s3://bucket/chat support-bot --run-id 0f3a9c... --json`,
    )
    .action(async (source: string, name: string, options: RegisterModelCommandOptions, command: Command) => {
      const { registerModelVersion } = await import('./models/register-model-version.js');
      await registerModelVersion({ context, command, source, name, options });
    });
}

function createVersionsCommand(context: CliContext): Command {
  return new Command('versions')
    .description("List a registered model's versions, newest first")
    .argument('<name>', 'registered model name')
    .option('--max-results <n>', `versions per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ modelVersions, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models versions support-bot
  $ assay models versions support-bot --json`,
    )
    .action(async (name: string, options: PagingOptions, command: Command) => {
      const { listModelVersions } = await import('./models/list-model-versions.js');
      await listModelVersions({ context, command, name, options });
    });
}

function createAliasCommand(context: CliContext): Command {
  return new Command('alias')
    .description('Point an alias (e.g. champion) at a version, or remove it with --delete')
    .argument('<name>', 'registered model name')
    .argument('<alias>', "letters, digits, '_' and '-'; not 'latest' nor v<number>")
    .argument('[version]', 'the version it points at (not with --delete)')
    .option('--delete', 'remove the alias')
    .addOption(createActorOption())
    .addOption(createCommentOption())
    .option('--json', 'print JSON ({ name, alias, version })')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models alias support-bot champion 3     then load models:/support-bot@champion
  $ assay models alias support-bot champion --delete`,
    )
    .action(async (name: string, alias: string, version: string | undefined, options: SetModelAliasCommandOptions, command: Command) => {
      const { setModelAlias } = await import('./models/set-model-alias.js');
      await setModelAlias({ context, command, name, alias, version, options });
    });
}

function createStageCommand(context: CliContext): Command {
  return new Command('stage')
    .description('Move a version to a stage: None, Staging, Production or Archived')
    .argument('<name>', 'registered model name')
    .argument('<version>', 'version number')
    .argument('<stage>', 'None, Staging, Production or Archived (any case)')
    .option('--archive-existing', "archive the model's other versions in that stage (Staging or Production)")
    .addOption(createActorOption())
    .addOption(createCommentOption())
    .option('--json', 'print the version as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models stage support-bot 3 Production --archive-existing
  $ assay models stage support-bot 2 archived`,
    )
    .action(async (name: string, version: string, stage: string, options: TransitionModelStageCommandOptions, command: Command) => {
      const { transitionModelStage } = await import('./models/transition-model-stage.js');
      await transitionModelStage({ context, command, name, version, stage, options });
    });
}

function createResolveCommand(context: CliContext): Command {
  return new Command('resolve')
    .description('Show which version a models:/ URI names now, its source and where its files are')
    .argument('<uri>', 'models:/<name>/<version>, models:/<name>@<alias>, models:/<name>/<stage> or models:/<name>/latest')
    .option('--json', 'print JSON ({ uri, version, source, downloadUri })')
    .addHelpText(
      'after',
      `
Examples:
  $ assay models resolve models:/support-bot@champion
  $ assay models resolve models:/support-bot/Production --json`,
    )
    .action(async (uri: string, options: { json?: boolean }, command: Command) => {
      const { resolveModelUriCommand } = await import('./models/resolve-model-uri.js');
      await resolveModelUriCommand({ context, command, uri, options });
    });
}

/** `assay models`: the model registry (registered models, versions, aliases, stages). */
export function createModelsCommand(context: CliContext): Command {
  const models = new Command('models')
    .description('The model registry: register versions, set aliases and stages, resolve models:/ URIs, approvals and the audit log')
    .addCommand(createListCommand(context))
    .addCommand(createGetCommand(context))
    .addCommand(createRegisterCommand(context))
    .addCommand(createVersionsCommand(context))
    .addCommand(createAliasCommand(context))
    .addCommand(createStageCommand(context))
    .addCommand(createResolveCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay models register runs:/<run-id>/model support-bot
  $ assay models alias support-bot champion 1
  $ assay models resolve models:/support-bot@champion
  $ assay models protect support-bot          stage and alias changes then need an approved request
  $ assay models audit support-bot`,
    );
  for (const approvalCommand of createModelApprovalCommands(context)) models.addCommand(approvalCommand);
  return models;
}
