import { Command } from 'commander';
import type { Experiment, Metric, Run, Store } from '@assay/core';
import type { CliContext } from '../cli-context.js';
import { collectCommaSeparated, collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { shellQuote } from '../options/shell-quote.js';
import { trackingUriArguments, withStore } from '../options/store-option.js';
import { createViewOption, toViewType } from '../options/view-option.js';
import type { ViewName } from '../options/view-option.js';
import { formatDuration } from '../output/format-duration.js';
import { formatNumber } from '../output/format-number.js';
import { formatTimestamp } from '../output/format-timestamp.js';
import { printJson } from '../output/print-json.js';
import { printRunInputs } from '../output/print-run-inputs.js';
import { printSection, printTable } from '../output/print-table.js';
import { resolveExperiment, resolveSearchExperiments } from './resolve-experiment.js';
import { defaultRunColumns, parseRunColumns, runColumnHeader } from './run-columns.js';
import type { RunColumn } from './run-columns.js';

const DEFAULT_MAX_RESULTS = 100;

interface SearchOptions {
  experiment?: string[];
  filter?: string;
  orderBy?: string[];
  columns?: string[];
  view: ViewName;
  maxResults: number;
  pageToken?: string;
  json?: boolean;
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
function nextPageCommand(command: Command, name: 'list' | 'search', options: SearchOptions, pageToken: string): string {
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

async function searchAndPrint(context: CliContext, command: Command, name: 'list' | 'search', options: SearchOptions): Promise<void> {
  // Bad --columns is a usage error: report it before touching the store.
  const requestedColumns = options.columns !== undefined ? parseRunColumns(options.columns) : undefined;
  const { experiments, result } = await withStore(context, command, async (store) => {
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

function addSearchScopeOptions(command: Command): Command {
  return command
    .option('--experiment <id-or-name>', 'experiment to search (repeatable; default: every active experiment)', collectRepeated)
    .addOption(createViewOption('runs'))
    .option('--max-results <n>', `runs per page (default ${DEFAULT_MAX_RESULTS})`, parsePositiveInteger, DEFAULT_MAX_RESULTS)
    .option('--page-token <token>', 'continue a previous search from this token')
    .option('--json', 'print JSON ({ runs, nextPageToken }) instead of a table');
}

function createListCommand(context: CliContext): Command {
  return addSearchScopeOptions(new Command('list').description('List runs, newest first'))
    .option('--columns <columns>', 'metric, param or tag columns, comma-separated (repeatable)', collectCommaSeparated)
    .addHelpText(
      'after',
      `
Examples:
  $ assay runs list
  $ assay runs list --experiment assay-demo --max-results 20
  $ assay runs list --experiment 1 --experiment 2 --json`,
    )
    .action((options: SearchOptions, command: Command) => searchAndPrint(context, command, 'list', options));
}

function createSearchCommand(context: CliContext): Command {
  return addSearchScopeOptions(new Command('search').description('Search runs with a filter and sort order'))
    .option('--filter <filter>', `run filter, e.g. "metrics.accuracy > 0.8 and params.model = 'gpt-4o'"`)
    .option('--order-by <clause>', 'sort, e.g. "metrics.accuracy DESC" (repeatable; default "attributes.start_time DESC")', collectRepeated)
    .option('--columns <columns>', 'metric, param or tag columns, comma-separated (repeatable), e.g. metrics.acc,params.model', collectCommaSeparated)
    .addHelpText(
      'after',
      `
Filter language (MLflow's, plus OR and parentheses):
  metrics.<key>     numbers: = != > >= < <=
  params.<key>      strings: = != LIKE ILIKE
  tags.<key>        strings: = != LIKE ILIKE
  attributes.<key>  run_id, run_name, status, user_id, start_time, end_time: = != LIKE ILIKE IN
  Quote strings with single quotes; use backticks for keys with spaces or dots: metrics.\`eval loss\`.

Examples:
  $ assay runs search --experiment assay-demo --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"
  $ assay runs search --filter "params.model = 'gpt-4o-mini' and attributes.status = 'FINISHED'" --json
  $ assay runs search --filter "tags.stage = 'prod' or (metrics.rouge_l >= 0.5 and params.temperature = '0.2')"
  $ assay runs search --order-by "metrics.latency_ms ASC" --columns metrics.latency_ms,params.model --max-results 10`,
    )
    .action((options: SearchOptions, command: Command) => searchAndPrint(context, command, 'search', options));
}

interface MetricSummary {
  latest: number;
  step: number;
  points: number;
  minimum: number;
  maximum: number;
}

function summarizeHistory(latest: number, history: readonly Metric[]): MetricSummary {
  const values = history.map((point) => point.value).filter((value) => !Number.isNaN(value));
  return {
    latest,
    step: history.at(-1)?.step ?? 0,
    points: history.length,
    minimum: values.length > 0 ? Math.min(...values) : Number.NaN,
    maximum: values.length > 0 ? Math.max(...values) : Number.NaN,
  };
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([left], [right]) => left.localeCompare(right));
}

async function loadRunDetails(store: Store, runId: string): Promise<{ run: Run; experiment?: Experiment; metrics: Map<string, MetricSummary> }> {
  const run = await store.getRun({ runId });
  const experiment = await resolveExperiment(store, run.info.experimentId).catch(() => undefined);
  const metrics = new Map<string, MetricSummary>();
  for (const [key, latest] of Object.entries(run.data.metrics).sort(([left], [right]) => left.localeCompare(right))) {
    metrics.set(key, summarizeHistory(latest, await store.getMetricHistory({ runId, key })));
  }
  return { run, ...(experiment ? { experiment } : {}), metrics };
}

function createGetCommand(context: CliContext): Command {
  return new Command('get')
    .description("Show one run: its info, params, metrics and tags")
    .argument('<run-id>', 'the 32-character run id')
    .option('--json', 'print the run as JSON ({ info, data: { params, metrics, tags } })')
    .addHelpText(
      'after',
      `
Examples:
  $ assay runs get 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a
  $ assay runs get 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a --json | jq .data.metrics`,
    )
    .action(async (runId: string, options: { json?: boolean }, command: Command) => {
      if (options.json) {
        printJson(await withStore(context, command, (store) => store.getRun({ runId })), context.stdout);
        return;
      }
      const { run, experiment, metrics } = await withStore(context, command, (store) => loadRunDetails(store, runId));
      const { info } = run;
      const infoEntries: [string, string][] = [
        ['Run ID', info.runId],
        ['Name', info.runName],
        ['Experiment', experiment ? `${experiment.name} (id ${info.experimentId})` : info.experimentId],
        ['Status', info.status],
        ['Start time', formatTimestamp(info.startTime)],
        ['End time', formatTimestamp(info.endTime)],
        ['Duration', formatDuration(info.startTime, info.endTime)],
        ['User', info.userId === '' ? '-' : info.userId],
        ['Lifecycle', info.lifecycleStage],
        ['Artifact URI', info.artifactUri],
        ...(info.parentRunId !== undefined ? ([['Parent run', info.parentRunId]] as [string, string][]) : []),
      ];
      context.stdout(`Run ${info.runId}\n`);
      printTable({ head: ['Field', 'Value'], rows: infoEntries }, context.stdout);
      context.stdout('\n');
      printSection('Params', sortedEntries(run.data.params), context.stdout);
      context.stdout('\n');
      if (metrics.size === 0) {
        context.stdout('Metrics: none\n');
      } else {
        context.stdout(`Metrics (${metrics.size})\n`);
        printTable(
          {
            head: ['Key', 'Latest', 'Step', 'Points', 'Min', 'Max'],
            rows: [...metrics].map(([key, summary]) => [
              key,
              formatNumber(summary.latest),
              String(summary.step),
              String(summary.points),
              formatNumber(summary.minimum),
              formatNumber(summary.maximum),
            ]),
            alignRight: [1, 2, 3, 4, 5],
          },
          context.stdout,
        );
      }
      context.stdout('\n');
      printSection('Tags', sortedEntries(run.data.tags), context.stdout);
      printRunInputs(run, context.stdout);
    });
}

/** `assay runs`: list, search and show runs. */
export function createRunsCommand(context: CliContext): Command {
  return new Command('runs')
    .description('List, search and show runs')
    .addCommand(createListCommand(context))
    .addCommand(createGetCommand(context))
    .addCommand(createSearchCommand(context))
    .addHelpText(
      'after',
      `
Examples:
  $ assay runs list --experiment assay-demo
  $ assay runs search --experiment assay-demo --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"
  $ assay runs get <run-id>`,
    );
}
