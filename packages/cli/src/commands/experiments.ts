import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { collectTags } from '../options/collect-tags.js';
import { collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { createViewOption } from '../options/view-option.js';
import type { CreateExperimentCommandOptions } from './experiments/create-experiment.js';
import type { ListExperimentsCommandOptions } from './experiments/list-experiments.js';

const DEFAULT_MAX_RESULTS = 100;

function createListCommand(context: CliContext): Command {
  return new Command('list')
    .description('List experiments (active ones by default)')
    .addOption(createViewOption('experiments'))
    .option('--filter <filter>', `search filter, e.g. "name LIKE 'eval-%' AND tags.team = 'ml'"`)
    .option('--order-by <clause>', 'sort, e.g. "name ASC" (repeatable; default "creation_time DESC")', collectRepeated)
    .option('--max-results <n>', `experiments per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous listing from this token')
    .option('--json', 'print JSON ({ experiments, nextPageToken }) instead of a table')
    .addHelpText(
      'after',
      `
Examples:
  $ assay experiments list
  $ assay experiments list --view all
  $ assay experiments list --filter "name LIKE 'eval-%'" --json
  $ assay experiments list --filter "tags.team = 'ml'" --order-by "name ASC"`,
    )
    .action(async (options: ListExperimentsCommandOptions, command: Command) => {
      const { listExperiments } = await import('./experiments/list-experiments.js');
      await listExperiments({ context, command, options });
    });
}

function createCreateCommand(context: CliContext): Command {
  return new Command('create')
    .description('Create an experiment and print its id')
    .argument('<name>', 'unique experiment name')
    .option('--tag <key=value>', 'experiment tag (repeatable)', collectTags)
    .option('--artifact-location <uri>', "where the experiment's runs keep artifacts (the store chooses by default)")
    .option('--json', 'print JSON ({ experimentId, name }) instead of the id alone')
    .addHelpText(
      'after',
      `
Examples:
  $ assay experiments create chatbot-eval
  $ assay experiments create chatbot-eval --tag team=ml --tag owner=ana
  $ EXPERIMENT_ID=$(assay experiments create nightly)`,
    )
    .action(async (name: string, options: CreateExperimentCommandOptions, command: Command) => {
      const { createExperiment } = await import('./experiments/create-experiment.js');
      await createExperiment({ context, command, name, options });
    });
}

function createLifecycleCommand(context: CliContext, action: 'delete' | 'restore'): Command {
  const deleting = action === 'delete';
  return new Command(action)
    .description(
      deleting
        ? 'Delete an experiment and its runs (soft delete; undo with "assay experiments restore")'
        : 'Restore a deleted experiment and the runs deleted with it',
    )
    .argument('<id-or-name>', 'experiment id or name')
    .option('--json', 'print JSON ({ experimentId, name, lifecycleStage })')
    .addHelpText(
      'after',
      `
Examples:
  $ assay experiments ${action} 3
  $ assay experiments ${action} chatbot-eval`,
    )
    .action(async (idOrName: string, options: { json?: boolean }, command: Command) => {
      const { changeExperimentLifecycle } = await import('./experiments/change-experiment-lifecycle.js');
      await changeExperimentLifecycle({ context, command, options, idOrName, action });
    });
}

/** `assay experiments`: list, create, delete and restore experiments. */
export function createExperimentsCommand(context: CliContext): Command {
  return new Command('experiments')
    .description('List, create, delete and restore experiments')
    .addCommand(createListCommand(context))
    .addCommand(createCreateCommand(context))
    .addCommand(createLifecycleCommand(context, 'delete'))
    .addCommand(createLifecycleCommand(context, 'restore'))
    .addHelpText(
      'after',
      `
Examples:
  $ assay experiments list --view all
  $ assay experiments create chatbot-eval --tag team=ml
  $ assay experiments delete chatbot-eval`,
    );
}
