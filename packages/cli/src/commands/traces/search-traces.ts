import type { TraceInfo } from '@assay/core';
import type { CliContext } from '../../cli-context.js';
import { withExistingStore } from '../../options/store-option.js';
import { formatCost } from '../../output/format-cost.js';
import { formatDuration } from '../../output/format-duration.js';
import { formatTimestamp } from '../../output/format-timestamp.js';
import { formatUntrustedText } from '../../output/format-untrusted-text.js';
import { printJson } from '../../output/print-json.js';
import { printTable } from '../../output/print-table.js';
import type { PagingOptions } from '../../options/paging-options.js';
import type { CommandInvocation } from '../command-invocation.js';
import { resolveSearchExperiments } from '../resolve-experiment.js';

/** The options of `assay traces list` and `assay traces search`. */
export interface SearchTracesCommandOptions extends PagingOptions {
  /** Experiments to search (ids or names); default every active one. */
  experiment?: string[];
  /** Only traces of this run. */
  runId?: string;
  /** A trace filter. */
  filter?: string;
  /** Sort clauses. */
  orderBy?: string[];
}

function tokens(info: TraceInfo): string {
  return info.tokenUsage ? `${info.tokenUsage.inputTokens}/${info.tokenUsage.outputTokens}` : '-';
}

function printTraces(traces: readonly TraceInfo[], context: CliContext): void {
  if (traces.length === 0) {
    context.stdout('No traces found.\n');
    return;
  }
  printTable(
    {
      head: ['Trace ID', 'Name', 'State', 'Started', 'Duration', 'Tokens in/out', 'Cost', 'Request'],
      rows: traces.map((info) => [
        info.traceId,
        formatUntrustedText(info.name ?? '-', 30),
        info.state,
        formatTimestamp(info.requestTime),
        info.executionDurationMs === undefined ? '-' : formatDuration(0, info.executionDurationMs),
        tokens(info),
        info.cost === undefined ? '-' : formatCost(info.cost.totalCost),
        formatUntrustedText(info.requestPreview ?? '', 50),
      ]),
      alignRight: [4, 5, 6],
    },
    context.stdout,
  );
}

/** `assay traces list|search`: one page of traces as a table (or JSON), and how to get the next page. */
export async function searchTraces({ context, command, options }: CommandInvocation<SearchTracesCommandOptions>): Promise<void> {
  const result = await withExistingStore(context, command, async (store) => {
    const experiments = await resolveSearchExperiments(store, options.experiment);
    return store.searchTraces({
      experimentIds: experiments.map((experiment) => experiment.experimentId),
      maxResults: options.maxResults,
      ...(options.runId !== undefined ? { runId: options.runId } : {}),
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
      ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
      ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}),
    });
  });
  if (options.json) {
    printJson(result, context.stdout);
    return;
  }
  printTraces(result.traces, context);
  if (result.nextPageToken !== undefined) {
    context.stderr(`More traces: repeat the command with --page-token ${result.nextPageToken}\n`);
  }
}
