import type { Command } from 'commander';
import type { Experiment, Run } from '@assay/core';
import type { CliContext } from '../../cli-context.js';
import { shellQuote } from '../../options/shell-quote.js';
import { trackingUriArguments, withExistingStore } from '../../options/store-option.js';
import { toViewType, type ViewName } from '../../options/view-option.js';
import { formatDuration } from '../../output/format-duration.js';
import { formatNumber } from '../../output/format-number.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { PagingOptions } from '../../options/paging-options.js';
import type { CommandInvocation } from '../command-invocation.js';
import { resolveSearchExperiments } from '../resolve-experiment.js';
import { defaultRunColumns, parseRunColumns, runColumnHeader, type RunColumn } from '../run-columns.js';

/** The options of `assay runs list` and `assay runs search`. */
export interface SearchRunsCommandOptions extends PagingOptions {
  /** Experiments to search (ids or names); default every active one. */
  experiment?: string[];
  /** A run filter. */
  filter?: string;
  /** Sort clauses. */
  orderBy?: string[];
  /** Metric, param or tag columns to show. */
  columns?: string[];
  /** Which lifecycle stages to search. */
  view: ViewName;
}

function cell(run: Run, column: RunColumn): string {
  if (column.entity === 'metric') {
    const value = run.data.metrics[column.key];
    return value === undefined ? '-' : formatNumber(value);
  }
  const value = column.entity === 'param' ? run.data.params[column.key] : run.data.tags[column.key];
  return value ?? '-';
}

function printRuns(runs: readonly Run[], columns: readonly RunColumn[], experiments: readonly Experiment[], context: CliContext): void {
  if (runs.length === 0) {
    context.stdout('No runs found.\n');
    return;
  }
  // Name the experiment only when the page mixes several.
  const mixed = new Set(runs.map((run) => run.info.experimentId)).size > 1;
  const experimentNames = mixed ? new Map(experiments.map((experiment) => [experiment.experimentId, experiment.name])) : undefined;
  const head = ['Run ID', 'Name', 'Status', 'Start time', 'Duration', ...(experimentNames ? ['Experiment'] : []), ...columns.map(runColumnHeader)];
  const firstDataColumn = head.length - columns.length;
  printTable(
    {
      head,
      rows: runs.map((run) => [
        run.info.runId,
        run.info.runName,
        run.info.status,
        formatTimestamp(run.info.startTime),
        formatDuration(run.info.startTime, run.info.endTime),
        ...(experimentNames ? [experimentNames.get(run.info.experimentId) ?? run.info.experimentId] : []),
        ...columns.map((column) => cell(run, column)),
      ]),
      alignRight: [4, ...columns.flatMap((column, index) => (column.entity === 'metric' ? [firstDataColumn + index] : []))],
    },
    context.stdout,
  );
}

/** The command that fetches the next page: the same search with `--page-token`. */
function nextPageCommand(command: Command, name: 'list' | 'search', options: SearchRunsCommandOptions, pageToken: string): string {
  return shellQuote([
    'assay',
    ...trackingUriArguments(command),
    'runs',
    name,
    ...(options.experiment ?? []).flatMap((experiment) => ['--experiment', experiment]),
    ...(options.filter !== undefined ? ['--filter', options.filter] : []),
    ...(options.orderBy ?? []).flatMap((clause) => ['--order-by', clause]),
    ...(options.columns !== undefined ? ['--columns', options.columns.join(',')] : []),
    ...(options.view !== 'active' ? ['--view', options.view] : []),
    '--max-results',
    String(options.maxResults),
    '--page-token',
    pageToken,
  ]);
}

/** Options of `searchRuns`. */
export interface SearchRunsOptions extends CommandInvocation<SearchRunsCommandOptions> {
  /** The subcommand that runs, repeated in the next page's command. */
  name: 'list' | 'search';
}

/** `assay runs list|search`: one page of runs as a table (or JSON), and the command for the next page. */
export async function searchRuns({ context, command, name, options }: SearchRunsOptions): Promise<void> {
  // Bad --columns is a usage error: report it before touching the store.
  const requestedColumns = options.columns !== undefined ? parseRunColumns(options.columns) : undefined;
  const { experiments, result } = await withExistingStore(context, command, async (store) => {
    const experiments = await resolveSearchExperiments(store, options.experiment);
    const result = await store.searchRuns({
      experimentIds: experiments.map((experiment) => experiment.experimentId),
      viewType: toViewType(options.view),
      maxResults: options.maxResults,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    });
    return { experiments, result };
  });
  if (options.json) {
    printJson(result, context.stdout);
    return;
  }
  const search = {
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
  };
  printRuns(result.runs, requestedColumns ?? defaultRunColumns(result.runs, search), experiments, context);
  if (result.nextPageToken !== undefined) {
    context.stderr(`More runs: ${nextPageCommand(command, name, options, result.nextPageToken)}\n`);
  }
}
