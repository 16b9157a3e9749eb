import type { Experiment } from '@assay/core';
import type { CliContext } from '../../cli-context.js';
import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { toViewType, type ViewName } from '../../options/view-option.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { PagingOptions } from '../../options/paging-options.js';
import type { CommandInvocation } from '../command-invocation.js';

const MAX_TAGS_WIDTH = 60;

/** The options of `assay experiments list`. */
export interface ListExperimentsCommandOptions extends PagingOptions {
  /** Which lifecycle stages to list. */
  view: ViewName;
  /** A search filter. */
  filter?: string;
  /** Sort clauses. */
  orderBy?: string[];
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

/** `assay experiments list`: one page of experiments as a table (or JSON), and the command for the next page. */
export async function listExperiments({ context, command, options }: CommandInvocation<ListExperimentsCommandOptions>): Promise<void> {
  const page = await withExistingStore(context, command, (store) =>
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
}
