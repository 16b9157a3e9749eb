import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { collectCommaSeparated, collectRepeated } from '../options/collect-values.js';
import { parsePositiveInteger } from '../options/parse-positive-integer.js';
import { createViewOption } from '../options/view-option.js';
import type { RunStatus } from '@assay/core';
import type { MetricHistoryCommandOptions } from './runs/show-metric-history.js';
import type { SearchRunsCommandOptions } from './runs/search-runs.js';

const DEFAULT_MAX_RESULTS = 100;
const DEFAULT_TAIL = 50;

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
    .action(async (options: SearchRunsCommandOptions, command: Command) => {
      const { searchRuns } = await import('./runs/search-runs.js');
      await searchRuns({ context, command, name: 'list', options });
    });
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
    .action(async (options: SearchRunsCommandOptions, command: Command) => {
      const { searchRuns } = await import('./runs/search-runs.js');
      await searchRuns({ context, command, name: 'search', options });
    });
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
      const { showRun } = await import('./runs/show-run.js');
      await showRun({ context, command, runId, options });
    });
}

function createMetricsCommand(context: CliContext): Command {
  return new Command('metrics')
    .description("Show one metric's history: a sparkline, its min/max/last and the points by step")
    .argument('<run-id>', 'the 32-character run id')
    .argument('<key>', 'the metric key, e.g. accuracy')
    .option('--tail <n>', `how many of the last points the table shows (default ${DEFAULT_TAIL})`, parsePositiveInteger, DEFAULT_TAIL)
    .option('--json', 'print JSON ({ runId, key, history: [{ key, value, timestamp, step }] }; NaN and ±Infinity as strings)')
    .addHelpText(
      'after',
      `
The sparkline is scaled between the smallest and largest finite values; NaN
shows as ·, +Infinity as ▲ and -Infinity as ▼.

Examples:
  $ assay runs metrics 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a accuracy
  $ assay runs metrics 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a loss --tail 200
  $ assay runs metrics 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a accuracy --json | jq '.history[].value'`,
    )
    .action(async (runId: string, key: string, options: MetricHistoryCommandOptions, command: Command) => {
      const { showMetricHistory } = await import('./runs/show-metric-history.js');
      await showMetricHistory({ context, command, runId, key, options });
    });
}

function createEndCommand(context: CliContext): Command {
  return new Command('end')
    .description('End a run: set its status (and its end time, if it was still RUNNING)')
    .argument('<run-id>', 'the 32-character run id')
    .addOption(new Option('--status <status>', 'how it ended').choices(['FINISHED', 'FAILED', 'KILLED']).default('FINISHED'))
    .option('--json', "print the run's info after the change as JSON")
    .addHelpText(
      'after',
      `
A run whose process died stays RUNNING until a later Assay process on the same
host notices (and marks it KILLED); a run of another host, or of a process that
recorded no pid, can be ended here.

Examples:
  $ assay runs end 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a
  $ assay runs end 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a --status KILLED --json`,
    )
    .action(async (runId: string, options: { status: RunStatus; json?: boolean }, command: Command) => {
      const { endRun } = await import('./runs/end-run.js');
      await endRun({ context, command, runId, options });
    });
}

function createLifecycleCommand(context: CliContext, action: 'delete' | 'restore'): Command {
  const deleting = action === 'delete';
  return new Command(action)
    .description(deleting ? 'Delete a run (soft delete; undo with "assay runs restore")' : 'Restore a deleted run')
    .argument('<run-id>', 'the 32-character run id')
    .option('--json', "print the run's info after the change as JSON")
    .addHelpText(
      'after',
      `
Examples:
  $ assay runs ${action} 5f0c2b7e9a4d4c1e8b3a6d2f1e0c9b8a`,
    )
    .action(async (runId: string, options: { json?: boolean }, command: Command) => {
      const { changeRunLifecycle } = await import('./runs/change-run-lifecycle.js');
      await changeRunLifecycle({ context, command, runId, action, options });
    });
}

/** `assay runs`: list, search, show, end, delete and restore runs, and their metric histories. */
export function createRunsCommand(context: CliContext): Command {
  return new Command('runs')
    .description('List, search, show, end, delete and restore runs, and show their metric histories')
    .addCommand(createListCommand(context))
    .addCommand(createGetCommand(context))
    .addCommand(createSearchCommand(context))
    .addCommand(createMetricsCommand(context))
    .addCommand(createEndCommand(context))
    .addCommand(createLifecycleCommand(context, 'delete'))
    .addCommand(createLifecycleCommand(context, 'restore'))
    .addHelpText(
      'after',
      `
Examples:
  $ assay runs list --experiment assay-demo
  $ assay runs search --experiment assay-demo --filter "metrics.accuracy > 0.8" --order-by "metrics.accuracy DESC"
  $ assay runs get <run-id>
  $ assay runs metrics <run-id> accuracy
  $ assay runs end <run-id> --status KILLED
  $ assay runs delete <run-id>`,
    );
}
