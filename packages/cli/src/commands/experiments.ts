import { Command } from 'commander';
import type { Experiment } from '@assay/core';
import type { CliContext } from '../cli-context.js';
import { collectTags } from '../options/collect-tags.js';
import { collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { shellQuote } from '../options/shell-quote.js';
import { trackingUriArguments, withStore } from '../options/store-option.js';
import { createViewOption, toViewType } from '../options/view-option.js';
import type { ViewName } from '../options/view-option.js';
import { formatTimestamp } from '../output/format-timestamp.js';
import { printJson } from '../output/print-json.js';
import { printTable } from '../output/print-table.js';
import { resolveExperiment } from './resolve-experiment.js';

const DEFAULT_MAX_RESULTS = 100;
const MAX_TAGS_WIDTH = 60;

interface ListOptions {
  view: ViewName;
  filter?: string;
  orderBy?: string[];
  maxResults: number;
  pageToken?: string;
  json?: boolean;
}

interface CreateOptions {
  tag?: Record<string, string>;
  artifactLocation?: string;
}

function formatTags(tags: Record<string, string>): string {
  const text = Object.entries(tags)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return text.length > MAX_TAGS_WIDTH ? `${text.slice(0, MAX_TAGS_WIDTH - 3)}...` : text;
}

function printExperiments(experiments: readonly Experiment[], context: CliContext): void {
  if (experiments.length === 0) {
    context.stdout('No experiments found.\n');
    return;
  }
  printTable(
    {
      head: ['ID', 'Name', 'Stage', 'Created', 'Tags'],
      rows: experiments.map((experiment) => [
        experiment.experimentId,
        experiment.name,
        experiment.lifecycleStage,
        formatTimestamp(experiment.creationTime),
        formatTags(experiment.tags),
      ]),
      alignRight: [0],
    },
    context.stdout,
  );
}

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
    .action(async (options: ListOptions, command: Command) => {
      const page = await withStore(context, command, (store) =>
        store.searchExperiments({
          viewType: toViewType(options.view),
          maxResults: options.maxResults,
          ...(options.filter !== undefined ? { filter: options.filter } : {}),
          ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
          ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
        }),
      );
      if (options.json) {
        printJson({ experiments: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) }, context.stdout);
        return;
      }
      printExperiments(page.items, context);
      if (page.nextPageToken !== undefined) {
        const next = [
          'assay',
          ...trackingUriArguments(command),
          'experiments',
          'list',
          '--view',
          options.view,
          ...(options.filter !== undefined ? ['--filter', options.filter] : []),
          ...(options.orderBy ?? []).flatMap((clause) => ['--order-by', clause]),
          '--max-results',
          String(options.maxResults),
          '--page-token',
          page.nextPageToken,
        ];
        context.stderr(`More experiments: ${shellQuote(next)}\n`);
      }
    });
}

function createCreateCommand(context: CliContext): Command {
  return new Command('create')
    .description('Create an experiment and print its id')
    .argument('<name>', 'unique experiment name')
    .option('--tag <key=value>', 'experiment tag (repeatable)', collectTags)
    .option('--artifact-location <uri>', "where the experiment's runs keep artifacts (the store chooses by default)")
    .addHelpText(
      'after',
      `
Examples:
  $ assay experiments create chatbot-eval
  $ assay experiments create chatbot-eval --tag team=ml --tag owner=ana
  $ EXPERIMENT_ID=$(assay experiments create nightly)`,
    )
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const experimentId = await withStore(context, command, (store) =>
        store.createExperiment({
          name,
          ...(options.tag !== undefined ? { tags: options.tag } : {}),
          ...(options.artifactLocation !== undefined ? { artifactLocation: options.artifactLocation } : {}),
        }),
      );
      context.stdout(`${experimentId}\n`);
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
    .addHelpText(
      'after',
      `
Examples:
  $ assay experiments ${action} 3
  $ assay experiments ${action} chatbot-eval`,
    )
    .action(async (idOrName: string, _options: unknown, command: Command) => {
      const experiment = await withStore(context, command, async (store) => {
        const found = await resolveExperiment(store, idOrName);
        if (deleting) await store.deleteExperiment({ experimentId: found.experimentId });
        else await store.restoreExperiment({ experimentId: found.experimentId });
        return found;
      });
      const described = `experiment '${experiment.name}' (id ${experiment.experimentId})`;
      context.stdout(
        deleting
          ? `Deleted ${described}. Undo with: ${shellQuote(['assay', ...trackingUriArguments(command), 'experiments', 'restore', experiment.experimentId])}\n`
          : `Restored ${described}.\n`,
      );
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
